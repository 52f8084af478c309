package io.streamstore.torture;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a reopened store against what a workload acknowledged. Acknowledgements are strings as the
 * workloads write them into an {@link IoTrace}: {@code msg:<channel>:<seq>}, {@code
 * sub:<channel>:<id>}, {@code client:<id>}, {@code unclient:<id>} (written before a delete starts; it
 * only cancels an earlier add, since a lost delete is not a loss and an interrupted one may land).
 *
 * <p>Outcome classes: {@code ok}; {@code refused} (a StoreException while opening or recovering);
 * {@code unexpected} (any other exception); {@code lost} (an acknowledged item missing); {@code
 * wrong} (a message that does not match the oracle: a silently wrong read).
 */
final class AckLedger {

  /**
   * The verdict on one reopened store.
   *
   * @param outcome ok, refused, unexpected, lost or wrong
   * @param detail what exactly
   * @param messages messages checked
   */
  record Verdict(String outcome, String detail, long messages) {
    boolean ok() {
      return outcome.equals("ok") || outcome.equals("repaired");
    }
  }

  private AckLedger() {}

  /**
   * As an operator would after a crash: open with the default options; if the store refuses (a torn
   * tail is an error by default, as in NATS Streaming), open once with {@code repair} (the
   * truncateUnexpectedEOF option) and judge that. A repaired store that passes is {@code repaired}.
   */
  static Verdict checkWithRepair(java.util.function.Supplier<Store> opener,
      java.util.function.Supplier<Store> repair, List<String> acks) {
    Verdict first = check(opener, acks);
    if (!first.outcome().equals("refused")) {
      return first;
    }
    Verdict second = check(repair, acks);
    if (second.ok()) {
      return new Verdict("repaired", first.detail(), second.messages());
    }
    return new Verdict(second.outcome(), "after repair: " + second.detail() + " (first: "
        + first.detail() + ")", second.messages());
  }

  /** Opens with {@code opener}, recovers, checks {@code acks}, closes. */
  static Verdict check(java.util.function.Supplier<Store> opener, List<String> acks) {
    Store store;
    Optional<RecoveredState> state;
    try {
      store = opener.get();
    } catch (StoreException e) {
      return new Verdict("refused", "open: " + e, 0);
    } catch (RuntimeException | Error e) {
      return new Verdict("unexpected", "open: " + e, 0);
    }
    try {
      try {
        state = store.recover();
      } catch (StoreException e) {
        return new Verdict("refused", "recover: " + e, 0);
      } catch (RuntimeException | Error e) {
        return new Verdict("unexpected", "recover: " + e, 0);
      }
      return verify(state, acks);
    } catch (StoreException e) {
      return new Verdict("refused", "read: " + e, 0);
    } catch (RuntimeException e) {
      return new Verdict("unexpected", "read: " + e, 0);
    } finally {
      try {
        store.close();
      } catch (RuntimeException ignored) {
        // a failing close is not what is judged here
      }
    }
  }

  /** Checks a recovered state against the acknowledgements. */
  static Verdict verify(Optional<RecoveredState> state, List<String> acks) {
    Set<String> liveClients = new HashSet<>();
    List<String[]> msgs = new ArrayList<>();
    List<String[]> subs = new ArrayList<>();
    for (String a : acks) {
      String[] p = a.split(":", 3);
      switch (p[0]) {
        case "msg" -> msgs.add(p);
        case "sub" -> subs.add(p);
        case "client" -> liveClients.add(p[1]);
        case "unclient" -> liveClients.remove(p[1]);
        default -> throw new IllegalArgumentException(a);
      }
    }
    if (state.isEmpty()) {
      if (!acks.isEmpty()) {
        return new Verdict("lost", "nothing recovered but " + acks.size() + " acks", 0);
      }
      return new Verdict("ok", "", 0);
    }
    RecoveredState s = state.get();
    long checked = 0;
    for (String[] m : msgs) {
      RecoveredChannel rc = s.channels().get(m[1]);
      long seq = Long.parseLong(m[2]);
      if (rc == null) {
        return new Verdict("lost", "channel " + m[1] + " missing (acked seq " + seq + ")", checked);
      }
      MsgStore ms = rc.channel().msgs();
      if (seq < ms.firstSequence()) {
        continue; // removed by a limit
      }
      Optional<MsgProto> got = ms.lookup(seq);
      checked++;
      if (got.isEmpty()) {
        return new Verdict("lost", m[1] + " seq " + seq + " missing (range " + ms.firstSequence()
            + ".." + ms.lastSequence() + ")", checked);
      }
      String why = Payloads.check(m[1], seq, got.get());
      if (why != null) {
        return new Verdict("wrong", m[1] + ": " + why, checked);
      }
    }
    // everything readable must be right, acknowledged or not
    for (var e : s.channels().entrySet()) {
      MsgStore ms = e.getValue().channel().msgs();
      for (long q = ms.firstSequence(); q <= ms.lastSequence() && q > 0; q++) {
        Optional<MsgProto> got = ms.lookup(q);
        checked++;
        if (got.isPresent() && Payloads.check(e.getKey(), q, got.get()) != null) {
          return new Verdict("wrong", e.getKey() + ": " + Payloads.check(e.getKey(), q, got.get()),
              checked);
        }
      }
    }
    for (String[] sub : subs) {
      RecoveredChannel rc = s.channels().get(sub[1]);
      long id = Long.parseLong(sub[2]);
      if (rc == null || rc.subscriptions().stream().map(RecoveredSubscription::sub)
          .noneMatch(x -> x.getID() == id)) {
        return new Verdict("lost", "subscription " + id + " on " + sub[1] + " missing", checked);
      }
    }
    Set<String> clients = new HashSet<>();
    s.clients().stream().map(Client::id).forEach(clients::add);
    for (String c : liveClients) {
      if (!clients.contains(c)) {
        return new Verdict("lost", "client " + c + " missing", checked);
      }
    }
    return new Verdict("ok", "", checked);
  }
}
