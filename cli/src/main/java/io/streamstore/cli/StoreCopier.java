package io.streamstore.cli;

import io.streamstore.proto.MsgProto;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.Store;
import io.streamstore.spi.SubStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Copies everything a store holds into another store, of any backend, so that running it again
 * continues where it stopped and never duplicates:
 *
 * <ul>
 *   <li>server info and clients are written again (both replace earlier records);
 *   <li>messages keep their sequences and timestamps; only those above the target channel's last
 *       sequence are stored (the store ignores the others anyway), with a flush every {@value
 *       #FLUSH_EVERY} messages so an interrupted copy resumes close to where it stopped;
 *   <li>a subscription is matched to the target's by (client id, queue group, durable name, inbox);
 *       an unmatched one is created (the target assigns its own id), then its pending set is made
 *       equal to the source's and its state (last sent, closed, ...) replaced.
 * </ul>
 *
 * <p>Nothing in the target is deleted. At the end the two stores are compared channel by channel.
 */
final class StoreCopier {

  static final int FLUSH_EVERY = 10_000;

  /** What a copy did, and where the target differs from the source afterwards. */
  record Report(
      int channels,
      long messagesCopied,
      long messagesAlreadyThere,
      int clients,
      int subscriptionsCreated,
      int subscriptionsMatched,
      List<String> unreadable,
      List<String> mismatches) {}

  private final Output out;
  private final boolean terminal;
  private final boolean skipDamaged;
  private final List<String> unreadable = new ArrayList<>();

  /**
   * @param skipDamaged whether a source message that cannot be read is reported and skipped
   *     (otherwise the copy stops there, with everything before it copied and flushed)
   */
  StoreCopier(Output out, boolean terminal, boolean skipDamaged) {
    this.out = out;
    this.terminal = terminal;
    this.skipDamaged = skipDamaged;
  }

  /** Copies {@code source} into {@code target}, both recovered. */
  Report copy(RecoveredState source, Store target, Optional<RecoveredState> targetState) {
    Map<String, RecoveredChannel> existing =
        targetState.map(RecoveredState::channels).orElse(Map.of());
    target.init(source.info());
    for (Client c : source.clients()) {
      target.addClient(c.info());
    }
    long total = 0;
    for (RecoveredChannel rc : source.channels().values()) {
      total += rc.channel().msgs().state().count();
    }
    Progress progress = new Progress(out, total, terminal);
    long copied = 0;
    long skipped = 0;
    int created = 0;
    int matched = 0;
    List<String> mismatches = new ArrayList<>();
    Map<String, Channel> targets = new TreeMap<>();
    for (RecoveredChannel src : new TreeMap<>(source.channels()).values()) {
      String name = src.channel().name();
      RecoveredChannel old = existing.get(name);
      Channel dst = old != null ? old.channel() : target.createChannel(name);
      targets.put(name, dst);
      long[] counts = copyMessages(name, src.channel().msgs(), dst.msgs(), progress,
          copied + skipped);
      copied += counts[0];
      skipped += counts[1];
      int[] subs = copySubscriptions(src, dst.subs(), old == null ? List.of() : old.subscriptions());
      created += subs[0];
      matched += subs[1];
    }
    progress.finish(copied + skipped, "done");
    for (RecoveredChannel src : new TreeMap<>(source.channels()).values()) {
      compareMessages(src.channel(), targets.get(src.channel().name()), mismatches);
    }
    return new Report(source.channels().size(), copied, skipped, source.clients().size(), created,
        matched, List.copyOf(unreadable), mismatches);
  }

  /** Returns {copied, already there}. */
  private long[] copyMessages(
      String channel, MsgStore src, MsgStore dst, Progress progress, long doneBefore) {
    SequenceRange range = src.firstAndLastSequence();
    long count = src.state().count();
    long dstLast = dst.lastSequence();
    long start = Math.max(range.first(), dstLast + 1);
    if (range.last() > 0) {
      // messages at or below the target's last sequence were copied by an earlier run
      progress.alreadyDone(Math.min(count, Math.max(0, start - range.first())));
    }
    long copied = 0;
    long damaged = 0;
    long sinceFlush = 0;
    for (long seq = start; range.last() > 0 && seq <= range.last(); seq++) {
      Optional<MsgProto> m;
      try {
        m = src.lookup(seq);
      } catch (StoreException e) {
        if (!skipDamaged) {
          dst.flush();
          throw new UserException("cannot read " + channel + " sequence " + seq + " of the source: "
              + e.getMessage() + ". Everything before it was copied; run again with"
              + " --skip-damaged to copy the rest", ExitCodes.PROBLEMS, e);
        }
        String what = channel + " sequence " + seq + ": " + e.getMessage();
        unreadable.add(what);
        damaged++;
        out.warn("skipped unreadable " + what);
        continue;
      }
      if (m.isEmpty()) {
        continue;
      }
      dst.store(m.get());
      copied++;
      if (++sinceFlush == FLUSH_EVERY) {
        dst.flush();
        sinceFlush = 0;
      }
      progress.update(doneBefore + (count - (range.last() - seq)), "");
    }
    dst.flush();
    return new long[] {copied, Math.max(0, count - copied - damaged)};
  }

  /** Returns {created, matched}. */
  private static int[] copySubscriptions(
      RecoveredChannel src, SubStore dst, List<RecoveredSubscription> existing) {
    Map<String, Deque<RecoveredSubscription>> byKey = new HashMap<>();
    for (RecoveredSubscription s : existing) {
      byKey.computeIfAbsent(key(s.sub()), k -> new ArrayDeque<>()).add(s);
    }
    int created = 0;
    int matched = 0;
    for (RecoveredSubscription s : src.subscriptions()) {
      Deque<RecoveredSubscription> candidates = byKey.get(key(s.sub()));
      RecoveredSubscription match = candidates == null ? null : candidates.poll();
      long id;
      SequenceSet pending;
      if (match == null) {
        id = dst.createSub(s.sub());
        pending = SequenceSet.empty();
        created++;
      } else {
        id = match.sub().getID();
        pending = match.pending();
        matched++;
      }
      SequenceSet want = s.pending();
      final long subId = id;
      final SequenceSet have = pending;
      want.forEach(seq -> {
        if (!have.contains(seq)) {
          dst.addSeqPending(subId, seq);
        }
      });
      have.forEach(seq -> {
        if (!want.contains(seq)) {
          dst.ackSeqPending(subId, seq);
        }
      });
      // addSeqPending moves lastSent up; the source's own state (its lastSent may be lower, as
      // NATS Streaming records it) is written last, after the pending changes are flushed
      dst.flush();
      dst.updateSub(s.sub().toBuilder().setID(id).build());
    }
    dst.flush();
    return new int[] {created, matched};
  }

  private static String key(SubState s) {
    return s.getClientID() + '\u0000' + s.getQGroup() + '\u0000' + s.getDurableName() + '\u0000'
        + s.getInbox();
  }

  /**
   * Compares a source with a target recovered after the copy: every source channel must be there
   * with the same first, last and count, and every source subscription must have a match (by the
   * copy's key) with the same pending set and last sent sequence.
   */
  static List<String> compare(RecoveredState source, RecoveredState target) {
    List<String> mismatches = new ArrayList<>();
    if (!source.info().equals(target.info())) {
      mismatches.add("server info differs");
    }
    for (Client c : source.clients()) {
      if (target.clients().stream().noneMatch(t -> t.info().equals(c.info()))) {
        mismatches.add("client " + c.id() + " is missing or different");
      }
    }
    for (RecoveredChannel src : new TreeMap<>(source.channels()).values()) {
      String name = src.channel().name();
      RecoveredChannel dst = target.channels().get(name);
      if (dst == null) {
        mismatches.add("channel " + name + " is missing");
        continue;
      }
      compareMessages(src.channel(), dst.channel(), mismatches);
      Map<String, Deque<RecoveredSubscription>> byKey = new HashMap<>();
      for (RecoveredSubscription s : dst.subscriptions()) {
        byKey.computeIfAbsent(key(s.sub()), k -> new ArrayDeque<>()).add(s);
      }
      for (RecoveredSubscription s : src.subscriptions()) {
        Deque<RecoveredSubscription> candidates = byKey.get(key(s.sub()));
        RecoveredSubscription m = candidates == null ? null : candidates.poll();
        if (m == null) {
          mismatches.add("channel " + name + ": subscription " + s.sub().getID() + " of "
              + s.sub().getClientID() + " is missing");
        } else if (!m.pending().equals(s.pending()) || !sameLastSent(s, m)) {
          mismatches.add("channel " + name + ": subscription " + s.sub().getID() + " of "
              + s.sub().getClientID() + " has " + m.pending().size() + " pending (last sent "
              + m.sub().getLastSent() + "), the source " + s.pending().size() + " (last sent "
              + s.sub().getLastSent() + ")");
        }
      }
    }
    return mismatches;
  }

  /**
   * Whether the target's last sent sequence matches the source's. Backends differ on whether
   * updateSub may lower lastSent below a pending sequence (the file backend replaces it, as NATS
   * Streaming does; the JDBC backend keeps the highest), so both outcomes count as equal.
   */
  private static boolean sameLastSent(RecoveredSubscription source, RecoveredSubscription target) {
    long src = source.sub().getLastSent();
    long highest = source.pending().isEmpty() ? src : Math.max(src, source.pending().last());
    long dst = target.sub().getLastSent();
    return dst == src || dst == highest;
  }

  private static void compareMessages(Channel src, Channel dst, List<String> mismatches) {
    String name = src.name();
    SequenceRange a = src.msgs().firstAndLastSequence();
    SequenceRange b = dst.msgs().firstAndLastSequence();
    long ca = src.msgs().state().count();
    long cb = dst.msgs().state().count();
    if (ca != cb || a.last() != b.last() || (ca > 0 && a.first() != b.first())) {
      mismatches.add(String.format(java.util.Locale.ROOT,
          "channel %s: source has %d messages (%d..%d), target has %d (%d..%d)",
          name, ca, a.first(), a.last(), cb, b.first(), b.last()));
    }
  }
}
