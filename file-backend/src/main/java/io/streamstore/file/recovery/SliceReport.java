package io.streamstore.file.recovery;

import java.util.Set;

/**
 * What recovery found and did for one slice.
 *
 * @param slice the slice number N
 * @param actions what was done
 * @param messages messages recovered from the slice
 * @param bytesDropped bytes cut from the data file (torn or zero-filled tail)
 * @param detail why an index was rebuilt or a tail cut, for logs; empty when nothing happened
 */
public record SliceReport(
    int slice, Set<SliceAction> actions, long messages, long bytesDropped, String detail) {

  /** Copies the action set. */
  public SliceReport {
    actions = Set.copyOf(actions);
  }
}
