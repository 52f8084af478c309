package io.streamstore.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small file helpers for tests that rebuild a directory thousands of times. */
final class TempDirs {

  private TempDirs() {}

  /** Deletes {@code dir} recursively (if present) and creates it empty. */
  static Path fresh(Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
    return dir;
  }

  /** Deletes {@code dir} recursively if present. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Copies {@code from} into a fresh {@code to}, recursively. */
  static void copy(Path from, Path to) throws IOException {
    fresh(to);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
          t.toFile().setWritable(true);
        }
      }
    }
  }
}
