package io.streamstore.file.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link StoreRepair#repair} did, file by file, and what it could not do.
 *
 * @param root the store directory
 * @param before what the verifier found before repairing
 * @param actions every step taken or refused, in order
 * @param after what the verifier finds after repairing
 */
public record RepairReport(Path root, VerifyReport before, List<Action> actions, VerifyReport after) {

  /** Copies the list so the value stays immutable. */
  public RepairReport {
    actions = List.copyOf(actions);
  }

  /** The actions on one file (relative name). */
  public List<Action> actionsOn(String file) {
    return actions.stream().filter(a -> a.file().equals(file)).toList();
  }

  /** Whether every problem found before was repaired. */
  public boolean complete() {
    return after.ok();
  }

  /** Kinds of repair steps. */
  public enum Kind {
    /** The damaged file was copied to {@link Action#detail()} before being changed. */
    BACKED_UP,
    /** A torn or unreadable tail was cut off. */
    TRUNCATED,
    /** A typed file was rewritten without its damaged records. */
    REWRITTEN,
    /** An index file was (re)built from its data file. */
    INDEX_REBUILT,
    /** A problem that repair deliberately leaves alone; the detail says why and what to do. */
    UNREPAIRED
  }

  /**
   * One step.
   *
   * @param file the file, relative to the root
   * @param kind what was done
   * @param detail human detail (for {@link Kind#BACKED_UP}, the backup file name)
   * @param bytesDropped bytes of the original file that are gone
   * @param droppedSequences message sequences that can no longer be read because of this step
   *     (known from the old index); empty when none or unknown
   */
  public record Action(String file, Kind kind, String detail, long bytesDropped, List<Long> droppedSequences) {
    /** Copies the list so the value stays immutable. */
    public Action {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
      droppedSequences = List.copyOf(droppedSequences);
    }

    @Override
    public String toString() {
      return file + " " + kind + ": " + detail
          + (bytesDropped > 0 ? " (" + bytesDropped + " bytes dropped)" : "")
          + (droppedSequences.isEmpty() ? "" : " sequences lost: " + droppedSequences);
    }
  }
}
