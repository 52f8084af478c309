package io.streamstore.file;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real file system, recording every mutating operation in order ("write a/b", "force a/b",
 * "move x -> y", "forceDir d", "mkdir d", "delete p", "truncate p"), with paths relative to a root,
 * so tests can check that data is forced before it is acknowledged and renamed, and that directory
 * entries are forced (reliability rules R1 to R3).
 */
final class RecordingFileIO implements FileIO {

  private final FileIO real = FileIO.real();
  private final Path root;
  private final List<String> events = new ArrayList<>();

  RecordingFileIO(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized void clear() {
    events.clear();
  }

  private synchronized void log(String op, Path p) {
    events.add(op + " " + rel(p));
  }

  private String rel(Path p) {
    Path a = p.toAbsolutePath().normalize();
    String s = a.startsWith(root) ? root.relativize(a).toString() : a.toString();
    s = s.replace('\\', '/');
    return s.isEmpty() ? "." : s.replaceAll("\\.deleted-[0-9a-f-]+", ".deleted-*");
  }

  @Override
  public FileHandle open(Path file, OpenMode mode) throws IOException {
    FileHandle h = real.open(file, mode);
    return new FileHandle() {
      @Override
      public Path path() {
        return h.path();
      }

      @Override
      public int read(ByteBuffer dst, long position) throws IOException {
        return h.read(dst, position);
      }

      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        log("write", file);
        return h.write(src, position);
      }

      @Override
      public void force(boolean metadata) throws IOException {
        h.force(metadata);
        log("force", file);
      }

      @Override
      public void truncate(long size) throws IOException {
        log("truncate", file);
        h.truncate(size);
      }

      @Override
      public long size() throws IOException {
        return h.size();
      }

      @Override
      public boolean tryLock() throws IOException {
        return h.tryLock();
      }

      @Override
      public void close() throws IOException {
        h.close();
      }
    };
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
    real.createDirectories(dir);
    log("mkdir", dir);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    real.move(source, target);
    synchronized (this) {
      events.add("move " + rel(source) + " -> " + rel(target));
    }
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    boolean existed = real.deleteIfExists(path);
    if (existed) {
      log("delete", path);
    }
    return existed;
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    real.forceDirectory(dir);
    log("forceDir", dir);
  }
}
