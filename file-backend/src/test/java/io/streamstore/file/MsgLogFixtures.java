package io.streamstore.file;

import com.google.protobuf.ByteString;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.log.MsgLogContext;
import io.streamstore.proto.MsgProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/** Shared helpers for message-log tests: fixture copies, the fixture's message formula, contexts. */
public final class MsgLogFixtures {

  /** The read-only fixture root. */
  public static final Path ROOT = Paths.get("/work/shared/fixtures/nss-filestore");

  private MsgLogFixtures() {}

  /** Copies fixture {@code name}'s store directory into {@code dir} and returns the copy's root. */
  public static Path copy(String name, Path dir) {
    Path src = ROOT.resolve(name).resolve("store");
    Path dst = dir.resolve(name);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
          t.toFile().setWritable(true);
        }
        t.toFile().setWritable(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  /** The message the fixtures hold for {@code channel} and {@code seq}. */
  public static MsgProto message(String channel, long seq) {
    int len = (int) ((seq * 37) % 500) + channel.length();
    byte[] data = new byte[len];
    for (int i = 0; i < len; i++) {
      data[i] = (byte) ((seq * 31 + i + channel.length()) & 0xff);
    }
    MsgProto.Builder b = MsgProto.newBuilder().setSequence(seq).setSubject(channel)
        .setData(ByteString.copyFrom(data)).setTimestamp(1700000000000000000L + seq * 1000000L);
    if (seq % 10 == 0) {
      b.setReply("_INBOX.reply." + seq);
    }
    return b.build();
  }

  /** A context on the real file system with its own scheduler (shut it down after use). */
  public static MsgLogContext context(FileStoreOptions options) {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "test-scheduler");
      t.setDaemon(true);
      return t;
    });
    return MsgLogContext.of(FileIO.real(), options, scheduler);
  }

  /** Every file under {@code dir} with its bytes, to prove nothing changed. */
  public static Map<String, byte[]> snapshot(Path dir) {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
