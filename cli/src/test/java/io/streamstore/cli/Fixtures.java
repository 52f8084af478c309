package io.streamstore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The store directories written by NATS Streaming (/work/shared/fixtures/nss-filestore), copied to
 * a temporary directory before use, since they must never change.
 */
final class Fixtures {

  static final Path ROOT = Paths.get(
      System.getProperty("streamstore.fixtures", "/work/shared/fixtures/nss-filestore"));

  private Fixtures() {}

  /** Copies the {@code store/} of fixture {@code name} to {@code dir/name} (writable) and returns it. */
  static Path copy(String name, Path dir) {
    Path from = ROOT.resolve(name).resolve("store");
    Path to = dir.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
        target.toFile().setWritable(true, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /** Every file under {@code dir} with its size, modification time and SHA-256. */
  static Map<String, String> snapshot(Path dir) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          byte[] bytes = Files.readAllBytes(p);
          out.put(dir.relativize(p).toString(), bytes.length + " "
              + Files.getLastModifiedTime(p).toMillis() + " "
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
