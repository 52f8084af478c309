package io.streamstore.file;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The real file system with injected failures: every operation asks {@code failWhen(op, path)} first
 * and throws an {@link IOException} when it says so (op is open, move, delete, mkdir, forceDir). A
 * small stand-in for the torture suite's fault I/O, enough to stop an operation at a chosen step.
 */
final class InjectingFileIO implements FileIO {

  private final FileIO real = FileIO.real();
  private volatile BiPredicate<String, Path> failWhen = (op, p) -> false;

  void failWhen(BiPredicate<String, Path> rule) {
    this.failWhen = rule;
  }

  private void check(String op, Path p) throws IOException {
    if (failWhen.test(op, p)) {
      throw new IOException("injected failure: " + op + " " + p);
    }
  }

  @Override
  public FileHandle open(Path file, OpenMode mode) throws IOException {
    check("open", file);
    return real.open(file, mode);
  }

  @Override
  public boolean exists(Path path) {
    return real.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return real.isDirectory(path);
  }

  @Override
  public long size(Path file) throws IOException {
    return real.size(file);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    check("mkdir", dir);
    real.createDirectories(dir);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    check("move", source);
    real.move(source, target);
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    check("delete", path);
    return real.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    check("forceDir", dir);
    real.forceDirectory(dir);
  }
}
