package io.streamstore.file.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link FileIO} on the real file system with {@link FileChannel}. Stateless and thread-safe. */
final class RealFileIO implements FileIO {

  static final RealFileIO INSTANCE = new RealFileIO();

  private RealFileIO() {}

  @Override
  public FileHandle open(Path file, OpenMode mode) throws IOException {
    FileChannel ch =
        switch (mode) {
          case READ -> FileChannel.open(file, StandardOpenOption.READ);
          case READ_WRITE -> FileChannel.open(
              file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
          case CREATE_NEW -> FileChannel.open(
              file, StandardOpenOption.READ, StandardOpenOption.WRITE,
              StandardOpenOption.CREATE_NEW);
        };
    return new Handle(file, ch);
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return Files.isDirectory(path);
  }

  @Override
  public long size(Path file) throws IOException {
    return Files.size(file);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = new ArrayList<>(s.toList());
      out.sort(null);
      return out;
    }
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    // No fallback: AtomicMoveNotSupportedException reaches the caller.
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    return Files.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (NoSuchFileException e) {
      throw e;
    }
  }

  /** One open FileChannel. */
  private static final class Handle implements FileHandle {
    private final Path path;
    private final FileChannel channel;
    // guarded by this
    private FileLock lock;

    Handle(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    @Override
    public Path path() {
      return path;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return channel.write(src, position);
    }

    @Override
    public void force(boolean metadata) throws IOException {
      channel.force(metadata);
    }

    @Override
    public ByteBuffer mapReadOnly(long position, long size) throws IOException {
      return channel.map(FileChannel.MapMode.READ_ONLY, position, size)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void truncate(long size) throws IOException {
      channel.truncate(size);
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public synchronized boolean tryLock() throws IOException {
      if (lock != null) {
        return true;
      }
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false;
      }
      return lock != null;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }
}
