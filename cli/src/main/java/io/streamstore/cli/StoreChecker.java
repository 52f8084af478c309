package io.streamstore.cli;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a recovered store through the SPI alone, so it works for every backend: every message of
 * every channel is read back and must carry the sequence it was looked up by; the number read must
 * match the channel's count; first and last must be readable; subscription ids must be unique.
 * Reads only.
 */
final class StoreChecker {

  /** What a check covered. */
  record Summary(int channels, long messages, int subscriptions, List<Problem> problems) {}

  private final Consumer<Problem> onProblem;
  private final List<Problem> problems = new ArrayList<>();
  private long messages;
  private int subscriptions;

  /** A checker reporting each problem to {@code onProblem} as it is found. */
  StoreChecker(Consumer<Problem> onProblem) {
    this.onProblem = onProblem;
  }

  /** Checks every channel of {@code state} (sorted by name). */
  Summary check(Optional<RecoveredState> state) {
    int channels = 0;
    if (state.isPresent()) {
      for (RecoveredChannel rc : new TreeMap<>(state.get().channels()).values()) {
        channels++;
        checkChannel(rc);
      }
    }
    return new Summary(channels, messages, subscriptions, List.copyOf(problems));
  }

  private void checkChannel(RecoveredChannel rc) {
    Channel ch = rc.channel();
    String name = ch.name();
    MsgStore msgs = ch.msgs();
    SequenceRange range;
    MsgStoreState state;
    try {
      range = msgs.firstAndLastSequence();
      state = msgs.state();
    } catch (StoreException e) {
      report(Problem.of(name, e));
      return;
    }
    long found = 0;
    long lowest = 0;
    if (range.last() > 0 && range.first() <= range.last()) {
      for (long seq = range.first(); seq <= range.last(); seq++) {
        try {
          Optional<MsgProto> m = msgs.lookup(seq);
          if (m.isEmpty()) {
            continue;
          }
          found++;
          if (lowest == 0) {
            lowest = seq;
          }
          if (m.get().getSequence() != seq) {
            report(new Problem(name, null, -1, "looking up sequence " + seq
                + " returned a message with sequence " + m.get().getSequence()));
          }
        } catch (StoreException e) {
          found++; // it is there, only damaged: count it so the count check stays meaningful
          report(Problem.of(name, withSequence(seq, e)));
        }
      }
      if (lowest != range.first()) {
        report(new Problem(name, null, -1, "first sequence is " + range.first()
            + " but the first message found is " + (lowest == 0 ? "none" : lowest)));
      }
    }
    messages += found;
    if (found != state.count()) {
      report(new Problem(name, null, -1, "the channel counts " + state.count()
          + " messages but " + found + " were found between " + range.first() + " and "
          + range.last()));
    }
    Set<Long> ids = new HashSet<>();
    for (RecoveredSubscription s : rc.subscriptions()) {
      subscriptions++;
      if (!ids.add(s.sub().getID())) {
        report(new Problem(name, null, -1, "subscription id " + s.sub().getID()
            + " is used twice"));
      }
    }
  }

  private static RuntimeException withSequence(long seq, StoreException e) {
    if (e instanceof io.streamstore.spi.CorruptedDataException c) {
      return new io.streamstore.spi.CorruptedDataException(
          "sequence " + seq + ": " + Problem.withoutLocation(c), c.file().orElse(null),
          c.offset().orElse(-1), c);
    }
    return e;
  }

  private void report(Problem p) {
    problems.add(p);
    onProblem.accept(p);
  }
}
