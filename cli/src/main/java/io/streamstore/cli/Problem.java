package io.streamstore.cli;

import io.streamstore.spi.CorruptedDataException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing {@code verify} or {@code repair} found wrong. A <em>warning</em> is something the store
 * fixes by itself when it opens (a missing index file, which NATS Streaming and the file backend
 * rebuild from the data file): it is listed, but the store is not damaged and the exit code stays 0.
 *
 * @param channel the channel concerned, or {@code null} for the store as a whole
 * @param file the damaged file when the backend stores files, else {@code null}
 * @param offset the byte offset in {@code file}, or -1 when unknown
 * @param message what is wrong
 * @param warning whether the store repairs it by itself on open (not damage)
 */
record Problem(String channel, String file, long offset, String message, boolean warning) {

  /** A problem that is damage (not a warning). */
  Problem(String channel, String file, long offset, String message) {
    this(channel, file, offset, message, false);
  }

  /** A problem from a store's corruption report, keeping its file and offset. */
  static Problem of(String channel, RuntimeException e) {
    if (e instanceof CorruptedDataException c) {
      return new Problem(channel, c.file().orElse(null), c.offset().orElse(-1), withoutLocation(c));
    }
    return new Problem(channel, null, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  /** The exception's message without the "(file ..., offset ...)" suffix it adds itself. */
  static String withoutLocation(CorruptedDataException c) {
    String m = c.getMessage();
    int at = c.file().isPresent() ? m.lastIndexOf(" (file ") : -1;
    return at > 0 ? m.substring(0, at) : m;
  }

  /** One line for people: where first, then what. */
  String describe() {
    StringBuilder sb = new StringBuilder(warning ? "WARNING " : "PROBLEM ");
    if (file != null) {
      sb.append(file);
      if (offset >= 0) {
        sb.append(" offset ").append(offset);
      }
      sb.append(": ");
    } else if (channel != null) {
      sb.append("channel ").append(channel).append(": ");
    }
    return sb.append(message).toString();
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel", channel);
    m.put("file", file);
    m.put("offset", offset >= 0 ? offset : null);
    m.put("message", message);
    m.put("warning", warning);
    return m;
  }
}
