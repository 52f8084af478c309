package io.streamstore.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds the file-system state a power loss could leave behind, from an {@link IoTrace} (the
 * LevelDB/ALICE model): what was forced stays; a write, truncate or directory change that no later
 * force covered may be lost, torn or (for writes) land as zeros.
 *
 * <p>A crash state is "the first {@code n} operations, where operation i is applied as {@link
 * Fate}". An operation may only be given a fate other than {@link Fate#WHOLE} when it is not
 * covered, i.e. no force of its file (writes, truncates) or of its parent directory (creations,
 * renames, deletions) follows it before {@code n}.
 *
 * <p>Not thread-safe; one per test.
 */
final class CrashModel {

  /** What happens to one operation in a crash state. */
  enum Fate {
    /** persisted as issued */
    WHOLE,
    /** lost */
    DROPPED,
    /** a write: only its first third persisted */
    TORN_THIRD,
    /** a write: its first two thirds persisted, the rest reads as zeros */
    TORN_ZEROS,
    /** a write: its first two thirds persisted, the rest is garbage */
    TORN_GARBAGE,
    /** a write: the file grew to cover it, but the bytes read as zeros */
    ZERO_EXTENDED
  }

  private final List<IoTrace.Op> ops;
  /** For each op index, the index of the first later op that makes it durable, or MAX. */
  private final int[] coveredAt;

  CrashModel(List<IoTrace.Op> ops) {
    this.ops = List.copyOf(ops);
    this.coveredAt = new int[ops.size()];
    computeCover();
  }

  List<IoTrace.Op> ops() {
    return ops;
  }

  /** How many atomic replaces (MOVE) landed on a file whose name ends with {@code suffix}. */
  long movesTo(String suffix) {
    return ops.stream().filter(o -> o.kind() == IoTrace.Kind.MOVE
        && o.target().getFileName().toString().endsWith(suffix)).count();
  }

  /** Whether op {@code i} is still not durable in a crash right before op {@code n}. */
  boolean uncovered(int i, int n) {
    IoTrace.Op op = ops.get(i);
    return switch (op.kind()) {
      case ACK, FSYNC, DIRSYNC -> false;
      default -> coveredAt[i] >= n;
    };
  }

  /** The acknowledgement markers among the first {@code n} operations. */
  List<String> acksBefore(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (ops.get(i).kind() == IoTrace.Kind.ACK) {
        out.add(ops.get(i).ack());
      }
    }
    return out;
  }

  private void computeCover() {
    // walk backwards remembering the next force of each inode and each directory
    Map<Integer, Integer> nextFsync = new HashMap<>();
    Map<Path, Integer> nextDirSync = new HashMap<>();
    for (int i = ops.size() - 1; i >= 0; i--) {
      IoTrace.Op op = ops.get(i);
      switch (op.kind()) {
        case FSYNC -> nextFsync.put(op.inode(), i);
        case DIRSYNC -> nextDirSync.put(op.path(), i);
        case WRITE, TRUNCATE -> coveredAt[i] = nextFsync.getOrDefault(op.inode(), Integer.MAX_VALUE);
        case CREATE, MKDIR, DELETE -> coveredAt[i] =
            nextDirSync.getOrDefault(parent(op.path()), Integer.MAX_VALUE);
        case MOVE -> coveredAt[i] = Math.max(
            nextDirSync.getOrDefault(parent(op.path()), Integer.MAX_VALUE),
            nextDirSync.getOrDefault(parent(op.target()), Integer.MAX_VALUE));
        default -> coveredAt[i] = 0;
      }
    }
  }

  private static Path parent(Path p) {
    Path parent = p.getParent();
    return parent == null ? Path.of("") : parent;
  }

  /**
   * Random fates for a crash before op {@code n}. Per file, the not-yet-forced writes and truncates
   * persist as a prefix in issue order (page write-back), the first one past the cut possibly torn
   * or zero-extended; directory operations not yet covered by a directory force are each lost or
   * kept independently.
   */
  Fate[] randomFates(int n, SplittableRandom r) {
    Fate[] fates = new Fate[n];
    Arrays.fill(fates, Fate.WHOLE);
    Map<Integer, List<Integer>> pendingByInode = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (!uncovered(i, n)) {
        continue;
      }
      IoTrace.Op op = ops.get(i);
      if (op.kind() == IoTrace.Kind.WRITE || op.kind() == IoTrace.Kind.TRUNCATE) {
        pendingByInode.computeIfAbsent(op.inode(), k -> new ArrayList<>()).add(i);
      } else if (r.nextInt(10) < 4) {
        fates[i] = Fate.DROPPED;
      }
    }
    for (List<Integer> pending : pendingByInode.values()) {
      int cut = r.nextInt(pending.size() + 1); // pending[0, cut) persist whole
      for (int k = cut; k < pending.size(); k++) {
        fates[pending.get(k)] = Fate.DROPPED;
      }
      if (cut < pending.size() && ops.get(pending.get(cut)).isWrite()) {
        fates[pending.get(cut)] = switch (r.nextInt(4)) {
          case 0 -> Fate.TORN_THIRD;
          case 1 -> Fate.TORN_ZEROS;
          case 2 -> Fate.ZERO_EXTENDED;
          default -> Fate.DROPPED;
        };
      }
    }
    return fates;
  }

  /**
   * Writes the crash state to {@code dir} (an empty directory that stands for the store root).
   *
   * @return how many ops were given a fate other than WHOLE
   */
  int materialize(int n, Fate[] fates, Path dir, SplittableRandom garbage) throws IOException {
    Map<Path, Integer> tree = new TreeMap<>(); // path -> inode, or 0 for a directory
    Map<Integer, byte[]> content = new HashMap<>();
    Map<Integer, Integer> length = new HashMap<>();
    int changed = 0;
    for (int i = 0; i < n; i++) {
      IoTrace.Op op = ops.get(i);
      Fate fate = fates[i];
      if (fate != Fate.WHOLE) {
        changed++;
      }
      if (fate == Fate.DROPPED) {
        continue;
      }
      switch (op.kind()) {
        case MKDIR -> tree.put(op.path(), 0);
        case CREATE -> {
          tree.put(op.path(), op.inode());
          content.putIfAbsent(op.inode(), new byte[0]);
          length.putIfAbsent(op.inode(), 0);
        }
        case WRITE -> {
          int inode = op.inode();
          byte[] data = op.bytes();
          int keep = switch (fate) {
            case TORN_THIRD -> data.length / 3;
            default -> data.length;
          };
          byte[] written = Arrays.copyOf(data, keep);
          if (fate == Fate.TORN_ZEROS || fate == Fate.TORN_GARBAGE) {
            int from = data.length * 2 / 3;
            for (int k = from; k < written.length; k++) {
              written[k] = fate == Fate.TORN_ZEROS ? 0 : (byte) garbage.nextInt(256);
            }
          } else if (fate == Fate.ZERO_EXTENDED) {
            Arrays.fill(written, (byte) 0);
          }
          write(content, length, inode, op.position(), written);
        }
        case TRUNCATE -> {
          int len = length.getOrDefault(op.inode(), 0);
          length.put(op.inode(), (int) Math.min(len, op.position()));
        }
        case MOVE -> {
          Integer moved = tree.remove(op.path());
          if (moved != null) {
            // moving a directory moves its subtree
            if (moved == 0) {
              Map<Path, Integer> sub = new TreeMap<>();
              tree.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(op.path())) {
                  sub.put(op.target().resolve(op.path().relativize(e.getKey())), e.getValue());
                  return true;
                }
                return false;
              });
              tree.putAll(sub);
            }
            tree.put(op.target(), moved);
          }
        }
        case DELETE -> tree.remove(op.path());
        default -> { }
      }
    }
    for (Map.Entry<Path, Integer> e : tree.entrySet()) {
      Path rel = e.getKey();
      if (!ancestorsPresent(tree, rel)) {
        continue;
      }
      Path target = dir.resolve(rel.toString());
      if (e.getValue() == 0) {
        Files.createDirectories(target);
      } else {
        byte[] c = content.getOrDefault(e.getValue(), new byte[0]);
        int len = length.getOrDefault(e.getValue(), 0);
        Files.write(target, Arrays.copyOf(c, len));
      }
    }
    return changed;
  }

  private static boolean ancestorsPresent(Map<Path, Integer> tree, Path rel) {
    for (Path p = rel.getParent(); p != null; p = p.getParent()) {
      Integer node = tree.get(p);
      if (node == null || node != 0) {
        return false;
      }
    }
    return true;
  }

  private static void write(Map<Integer, byte[]> content, Map<Integer, Integer> length, int inode,
      long position, byte[] data) {
    byte[] c = content.getOrDefault(inode, new byte[0]);
    int end = (int) position + data.length;
    if (end > c.length) {
      c = Arrays.copyOf(c, Math.max(end, c.length * 2));
    }
    int len = length.getOrDefault(inode, 0);
    if (position > len) {
      Arrays.fill(c, len, (int) position, (byte) 0); // a hole reads as zeros
    }
    System.arraycopy(data, 0, c, (int) position, data.length);
    content.put(inode, c);
    length.put(inode, Math.max(len, end));
  }
}
