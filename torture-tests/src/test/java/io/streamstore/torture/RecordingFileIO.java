package io.streamstore.torture;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The I/O layer of T2/T3: passes every operation to the real file system and records what changes
 * durable state into an {@link IoTrace}. Two switches produce the mutants of the mutation check: with
 * {@link #dropFileForce} the store's file forces still return normally but are neither executed nor
 * recorded (an "ack before force" store); with {@link #dropDirForce} the same happens to directory
 * forces (a store that skips the directory fsync). The crash model then believes nothing was synced.
 *
 * <p>Thread-safe: the path-to-inode map is guarded by {@code this}; the trace synchronizes itself.
 */
final class RecordingFileIO implements FileIO {

  private final FileIO real = FileIO.real();
  private final Path root;
  private final IoTrace trace;
  private final Map<Path, Integer> inodes = new HashMap<>(); // guarded by this
  private int nextInode = 1; // guarded by this
  volatile boolean dropFileForce;
  volatile boolean dropDirForce;
  /** When set, only forces of files whose name ends with this are dropped. */
  volatile String dropFileForceSuffix;

  RecordingFileIO(Path root, IoTrace trace) {
    this.root = root.toAbsolutePath().normalize();
    this.trace = trace;
  }

  IoTrace trace() {
    return trace;
  }

  private Path rel(Path p) {
    return root.relativize(p.toAbsolutePath().normalize());
  }

  private synchronized int inodeOf(Path p, boolean create) {
    Path r = rel(p);
    Integer i = inodes.get(r);
    if (i == null) {
      i = nextInode++;
      inodes.put(r, i);
      if (create) {
        trace.add(new IoTrace.Op(IoTrace.Kind.CREATE, r, null, i, 0, null, null));
      }
    }
    return i;
  }

  @Override
  public FileHandle open(Path file, OpenMode mode) throws IOException {
    boolean existed = real.exists(file);
    FileHandle h = real.open(file, mode);
    int inode = inodeOf(file, !existed);
    return new Handle(h, inode);
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
    Path abs = dir.toAbsolutePath().normalize();
    java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
    for (Path p = abs; p != null && !real.exists(p); p = p.getParent()) {
      missing.push(p);
    }
    real.createDirectories(dir);
    for (Path p : missing) {
      if (p.startsWith(root)) {
        trace.add(new IoTrace.Op(IoTrace.Kind.MKDIR, rel(p), null, -1, 0, null, null));
      }
    }
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    real.move(source, target);
    synchronized (this) {
      Integer i = inodes.remove(rel(source));
      if (i != null) {
        inodes.put(rel(target), i);
      }
      trace.add(new IoTrace.Op(IoTrace.Kind.MOVE, rel(source), rel(target), -1, 0, null, null));
    }
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    boolean existed = real.deleteIfExists(path);
    if (existed) {
      synchronized (this) {
        inodes.remove(rel(path));
        trace.add(new IoTrace.Op(IoTrace.Kind.DELETE, rel(path), null, -1, 0, null, null));
      }
    }
    return existed;
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    if (dropDirForce) {
      return; // mutant: the store believes the directory is synced
    }
    real.forceDirectory(dir);
    trace.add(new IoTrace.Op(IoTrace.Kind.DIRSYNC, rel(dir), null, -1, 0, null, null));
  }

  /** A recorded handle. */
  private final class Handle implements FileHandle {
    private final FileHandle h;
    private final int inode;

    Handle(FileHandle h, int inode) {
      this.h = h;
      this.inode = inode;
    }

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
      ByteBuffer copy = src.duplicate();
      int n = h.write(src, position);
      if (n > 0) {
        byte[] bytes = new byte[n];
        copy.get(bytes);
        trace.add(new IoTrace.Op(IoTrace.Kind.WRITE, null, null, inode, position, bytes, null));
      }
      return n;
    }

    @Override
    public void force(boolean metadata) throws IOException {
      String suffix = dropFileForceSuffix;
      if (dropFileForce && (suffix == null || h.path().getFileName().toString().endsWith(suffix))) {
        return; // mutant: the store believes the file is synced
      }
      h.force(metadata);
      trace.add(new IoTrace.Op(IoTrace.Kind.FSYNC, null, null, inode, 0, null, null));
    }

    @Override
    public void truncate(long size) throws IOException {
      long before = h.size();
      h.truncate(size);
      if (size < before) {
        trace.add(new IoTrace.Op(IoTrace.Kind.TRUNCATE, null, null, inode, size, null, null));
      }
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
  }
}
