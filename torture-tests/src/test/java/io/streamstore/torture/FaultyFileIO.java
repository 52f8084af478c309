package io.streamstore.torture;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * T6's I/O layer (SQLite style): counts every operation that can fail (open, read, write, force,
 * truncate, size, directory create/list/force, move, delete) and fails the k-th one with an
 * {@link IOException}, either once or for good. It also counts the handles it opened and not yet
 * closed, so a test can see leaks.
 *
 * <p>Thread-safe: the counter is atomic and the open-handle map is concurrent.
 */
final class FaultyFileIO implements FileIO {

  /** What {@link #failAt} does. */
  enum Mode {
    /** only the k-th operation fails */
    ONCE,
    /** the k-th and every later operation fail */
    PERSISTENT
  }

  private final FileIO delegate;
  private final AtomicLong ops = new AtomicLong();
  private volatile long failAt = Long.MAX_VALUE;
  private volatile Mode mode = Mode.ONCE;
  private volatile String failedOp;
  private volatile String failPrefix;
  private final Map<FileHandle, Path> open = new ConcurrentHashMap<>();

  FaultyFileIO(FileIO delegate) {
    this.delegate = delegate;
  }

  /** Fails operation number {@code k} (1-based, counted from now on) in {@code mode}. */
  void failAt(long k, Mode mode) {
    this.mode = mode;
    this.failAt = ops.get() + k;
  }

  /** Stops injecting failures. */
  void heal() {
    failAt = Long.MAX_VALUE;
  }

  /** Operations counted so far. */
  long operations() {
    return ops.get();
  }

  /** The operation that failed first, or null. */
  String failedOperation() {
    return failedOp;
  }

  /** Handles opened through this layer and not closed. */
  List<Path> openHandles() {
    return new ArrayList<>(open.values());
  }

  /** Fails, once, the first operation whose description (e.g. {@code write subs.dat.tmp}) starts so. */
  void failFirst(String prefix) {
    this.failPrefix = prefix;
  }

  private void tick(String what) throws IOException {
    long n = ops.incrementAndGet();
    String prefix = failPrefix;
    if (prefix != null && what.startsWith(prefix)) {
      failPrefix = null;
      failedOp = "#" + n + " " + what;
      throw new IOException("injected I/O error at operation #" + n + " (" + what + ")");
    }
    long k = failAt;
    if (n == k || (mode == Mode.PERSISTENT && n > k)) {
      if (failedOp == null) {
        failedOp = "#" + n + " " + what;
      }
      throw new IOException("injected I/O error at operation #" + n + " (" + what + ")");
    }
  }

  @Override
  public FileHandle open(Path file, OpenMode m) throws IOException {
    tick("open " + m + " " + file.getFileName());
    FileHandle h = new Handle(delegate.open(file, m));
    open.put(h, file);
    return h;
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return delegate.isDirectory(path);
  }

  @Override
  public long size(Path file) throws IOException {
    tick("size " + file.getFileName());
    return delegate.size(file);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    tick("mkdir " + dir.getFileName());
    delegate.createDirectories(dir);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    tick("list " + dir.getFileName());
    return delegate.list(dir);
  }

  @Override
  public void move(Path source, Path target) throws IOException {
    tick("move " + source.getFileName() + "->" + target.getFileName());
    delegate.move(source, target);
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    tick("delete " + path.getFileName());
    return delegate.deleteIfExists(path);
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    tick("dirsync " + dir.getFileName());
    delegate.forceDirectory(dir);
  }

  /** A counted handle. */
  private final class Handle implements FileHandle {
    private final FileHandle h;

    Handle(FileHandle h) {
      this.h = h;
    }

    @Override
    public Path path() {
      return h.path();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      tick("read " + h.path().getFileName());
      return h.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      tick("write " + h.path().getFileName());
      return h.write(src, position);
    }

    @Override
    public void force(boolean metadata) throws IOException {
      tick("force " + h.path().getFileName());
      h.force(metadata);
    }

    @Override
    public void truncate(long size) throws IOException {
      tick("truncate " + h.path().getFileName());
      h.truncate(size);
    }

    @Override
    public long size() throws IOException {
      return h.size();
    }

    @Override
    public boolean tryLock() throws IOException {
      tick("lock " + h.path().getFileName());
      return h.tryLock();
    }

    @Override
    public void close() throws IOException {
      open.remove(this);
      h.close();
    }
  }
}
