package io.streamstore.file.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FileIO} over the real file system that fails on demand: the next {@code force} calls, or
 * a write that is cut short (half of the bytes written, then an error, as with ENOSPC). For tests.
 */
public final class FaultyFileIO implements FileIO {

  private final FileIO real = FileIO.real();
  /** Number of forces that will fail from now on (counted down). */
  public final AtomicInteger failForces = new AtomicInteger();
  /** Number of writes that will be cut short from now on. */
  public final AtomicInteger shortWrites = new AtomicInteger();
  /** Forces issued so far. */
  public final AtomicInteger forces = new AtomicInteger();
  /** Positional reads of index files so far. */
  public final AtomicInteger indexReads = new AtomicInteger();
  /** Whether handles offer memory maps (as the real implementation does). */
  public volatile boolean mapping;

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
        if (file.toString().endsWith(".idx")) {
          indexReads.incrementAndGet();
        }
        return h.read(dst, position);
      }

      @Override
      public ByteBuffer mapReadOnly(long position, long size) throws IOException {
        return mapping ? h.mapReadOnly(position, size) : null;
      }

      @Override
      public int write(ByteBuffer src, long position) throws IOException {
        if (shortWrites.get() > 0 && shortWrites.getAndDecrement() > 0) {
          int half = src.remaining() / 2;
          ByteBuffer part = src.duplicate();
          part.limit(part.position() + half);
          h.write(part, position);
          throw new IOException("No space left on device (injected)");
        }
        return h.write(src, position);
      }

      @Override
      public void force(boolean metadata) throws IOException {
        forces.incrementAndGet();
        if (failForces.get() > 0 && failForces.getAndDecrement() > 0) {
          throw new IOException("Input/output error (injected fsync failure)");
        }
        h.force(metadata);
      }

      @Override
      public void truncate(long size) throws IOException {
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
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    real.move(source, target);
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    return real.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    real.forceDirectory(dir);
  }
}
