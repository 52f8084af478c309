package io.streamstore.cli;

import io.streamstore.StoreUrl;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides credentials in what the tool prints: {@link StoreUrl#redact(String, java.util.Collection)}
 * with the secrets of every URL on the command line, so that a password is masked even where a
 * driver quotes it in a message of its own (MariaDB's "Incorrect port value : secret@host").
 */
final class Redactor {

  /** Masks only what {@link StoreUrl#redact(String)} recognises. */
  static final Redactor NONE = new Redactor(Set.of());

  private final Set<String> secrets;

  private Redactor(Set<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for the secrets of the store URLs among {@code args}. */
  static Redactor of(List<String> args) {
    Set<String> secrets = new LinkedHashSet<>();
    if (args != null) {
      for (String a : args) {
        secrets.addAll(StoreUrl.secrets(a));
      }
    }
    return new Redactor(Set.copyOf(secrets));
  }

  /** The text with every credential masked. */
  String apply(String text) {
    return StoreUrl.redact(text, secrets);
  }

  /**
   * A stream that redacts each line before passing it on: installed as {@code System.err}, so that
   * the backends' log lines (slf4j-simple writes there) are masked too.
   */
  OutputStream lines(OutputStream target) {
    return new FilterOutputStream(target) {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
          emit();
        }
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }

      @Override
      public synchronized void flush() throws IOException {
        emit(); // a progress bar redrawn with '\r' has no newline
        out.flush();
      }

      private void emit() throws IOException {
        if (line.size() > 0) {
          out.write(apply(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
          line.reset();
        }
      }
    };
  }
}
