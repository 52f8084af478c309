package io.streamstore.torture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The I/O trace of a workload as {@link RecordingFileIO} saw it, plus the workload's acknowledgement
 * markers, in order. Paths are relative to the store root so a crash state can be built anywhere.
 * Files are identified by an inode number that survives renames, as on a real file system.
 *
 * <p>Appended to from the store's threads: every method is synchronized.
 */
final class IoTrace {

  /** Kinds of traced operations. */
  enum Kind { MKDIR, CREATE, WRITE, TRUNCATE, FSYNC, DIRSYNC, MOVE, DELETE, ACK }

  /**
   * One traced operation.
   *
   * @param kind what it was
   * @param path the path (MKDIR, CREATE, DIRSYNC, MOVE source, DELETE), relative to the root
   * @param target MOVE's target
   * @param inode the file (CREATE, WRITE, TRUNCATE, FSYNC)
   * @param position WRITE offset, TRUNCATE size
   * @param bytes WRITE data
   * @param ack ACK marker: what the workload acknowledged
   */
  record Op(Kind kind, Path path, Path target, int inode, long position, byte[] bytes, String ack) {
    boolean isWrite() {
      return kind == Kind.WRITE;
    }

    @Override
    public String toString() {
      return switch (kind) {
        case WRITE -> "WRITE(i" + inode + "@" + position + "+" + bytes.length + ")";
        case TRUNCATE -> "TRUNCATE(i" + inode + " to " + position + ")";
        case FSYNC -> "FSYNC(i" + inode + ")";
        case CREATE -> "CREATE(" + path + " i" + inode + ")";
        case MOVE -> "MOVE(" + path + "->" + target + ")";
        case ACK -> "ACK(" + ack + ")";
        default -> kind + "(" + path + ")";
      };
    }
  }

  private final List<Op> ops = new ArrayList<>();

  synchronized void add(Op op) {
    ops.add(op);
  }

  /** Records that the workload acknowledged {@code what} (e.g. {@code msg:ch:5}). */
  synchronized void ack(String what) {
    ops.add(new Op(Kind.ACK, null, null, -1, 0, null, what));
  }

  /** A copy of the operations so far. */
  synchronized List<Op> ops() {
    return new ArrayList<>(ops);
  }

  synchronized int size() {
    return ops.size();
  }
}
