package io.streamstore.file.log;

import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disposes of a slice removed by limits: both files are renamed {@code *.bak} (atomic renames, then
 * the directory is forced), then either handed to the {@code sliceArchiveScript} — run as a program
 * with three arguments (channel, data .bak, index .bak), never through a shell, on its own thread
 * (one script at a time per channel, in slice order), killed after a timeout; the script owns the
 * files from then on — or deleted.
 *
 * <p>Thread-safe.
 */
final class SliceArchiver {

  private static final Logger LOG = LoggerFactory.getLogger(SliceArchiver.class);

  /** How long an archive script may run before it is killed. */
  static final long SCRIPT_TIMEOUT_SECONDS = 60;

  private final FileIO io;
  private final String script;
  private final String channel;
  private final boolean sync;
  // guarded by this
  private final List<Thread> running = new ArrayList<>();

  /** {@code sync}: force the directory after renames and deletes (doSync). */
  SliceArchiver(FileIO io, String script, String channel, boolean sync) {
    this.io = io;
    this.script = script;
    this.channel = channel;
    this.sync = sync;
  }

  /** Renames the slice's files to .bak, then archives or deletes them. */
  void dispose(Slice s) throws IOException {
    Path datBak = bak(s.dataPath);
    Path idxBak = bak(s.indexPath);
    io.move(s.dataPath, datBak);
    if (io.exists(s.indexPath)) {
      io.move(s.indexPath, idxBak);
    }
    if (script.isEmpty()) {
      // deleted right away: one directory sync covers renames and deletes (a slice that comes back
      // after a crash is removed again by the limits applied at recovery)
      io.deleteIfExists(datBak);
      io.deleteIfExists(idxBak);
      if (sync) {
        io.forceDirectory(s.dataPath.getParent());
      }
      return;
    }
    io.forceDirectory(s.dataPath.getParent()); // the script is handed durable .bak names
    synchronized (this) {
      running.removeIf(r -> !r.isAlive());
      // scripts run one at a time, in slice order: each waits for the one before
      Thread previous = running.isEmpty() ? null : running.get(running.size() - 1);
      Thread t = new Thread(() -> {
        if (previous != null) {
          try {
            previous.join();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        runScript(datBak, idxBak);
      }, "slice-archive-" + channel);
      t.setDaemon(true);
      running.add(t);
      t.start();
    }
  }

  private void runScript(Path datBak, Path idxBak) {
    ProcessBuilder pb =
        new ProcessBuilder(script, channel, datBak.toString(), idxBak.toString())
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("archive script {} for channel {} ({}, {}) killed after {} s", script, channel,
            datBak, idxBak, SCRIPT_TIMEOUT_SECONDS);
        return;
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        LOG.warn("archive script {} for channel {} ({}, {}) exited with {}: {}", script, channel,
            datBak, idxBak, p.exitValue(), text);
      } else {
        LOG.info("archive script for channel {} ({}, {}): {}", channel, datBak, idxBak, text);
      }
    } catch (IOException e) {
      LOG.warn("cannot run archive script {} for channel {}: {}", script, channel, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (bounded) for running scripts; called on close. */
  void awaitScripts(long millis) {
    List<Thread> copy;
    synchronized (this) {
      copy = new ArrayList<>(running);
    }
    long deadline = System.currentTimeMillis() + millis;
    for (Thread t : copy) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static Path bak(Path p) {
    return p.resolveSibling(p.getFileName() + MsgFiles.BAK);
  }
}
