package io.streamstore.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows how far a long job got: on a terminal a bar redrawn in place with rate and ETA, otherwise a
 * plain line every few seconds (logs and pipes stay readable). Silent with {@code --quiet}.
 *
 * <p>Called from one thread.
 */
final class Progress {

  private static final int BAR = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private final boolean terminal;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long total;
  private long alreadyDone;
  private long lastShown;
  private boolean drawn;

  /**
   * @param total the expected amount of work (messages), may be adjusted with {@link #total}
   * @param terminal whether standard error is a terminal (redraw) or not (periodic lines)
   */
  Progress(Output out, long total, boolean terminal) {
    this.err = out.err();
    this.enabled = !out.quiet();
    this.terminal = terminal;
    this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    this.total = total;
    this.lastShown = start;
  }

  /** Whether the process runs on a terminal. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  /**
   * Counts {@code n} units of work as done before this run (a resumed copy's messages already in
   * the target): they count towards the percentage, not towards the rate.
   */
  void alreadyDone(long n) {
    alreadyDone += n;
  }

  /** Reports {@code done} units of work so far, drawing only every few hundred milliseconds. */
  void update(long done, String what) {
    long now = System.nanoTime();
    if (!enabled || now - lastShown < intervalNanos) {
      return;
    }
    lastShown = now;
    show(done, what, now);
  }

  /** Draws the final state and ends the line. */
  void finish(long done, String what) {
    if (!enabled) {
      return;
    }
    show(done, what, System.nanoTime());
    if (terminal && drawn) {
      err.println();
      err.flush();
    }
  }

  private void show(long done, String what, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = Math.max(0, done - alreadyDone) / seconds; // of this run's work only
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 1.0;
    String eta = rate > 0 && total > done ? formatSeconds((total - done) / rate) : "-";
    String figures = String.format(Locale.ROOT, "%,d/%,d msgs  %,.0f msg/s  ETA %s  %s",
        done, total, rate, eta, what);
    if (terminal) {
      int filled = (int) Math.round(fraction * BAR);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] "
          + String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)) + figures + "\u001b[K");
      drawn = true;
    } else {
      err.println(String.format(Locale.ROOT, "progress: %3d%% ", Math.round(fraction * 100))
          + figures);
    }
    err.flush();
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
