package io.streamstore.torture;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link KillChild} acknowledged over all rounds of one backend (server information,
 * channel, messages, subscriptions, pending and acknowledged sequences, clients), and the check of a
 * reopened store against it. Lost items are counted per kind, so a summary line can say which kind
 * of acknowledged item a backend loses.
 *
 * <p>Not thread-safe: fed and checked from the test thread.
 */
final class KillLedger {

  private final String channel;
  private boolean serverInfo;
  private long maxAck;
  private final List<Long> msgs = new ArrayList<>();
  private final Set<Long> subs = new HashSet<>();
  private final Map<Long, Set<Long>> pending = new HashMap<>();
  private final Map<Long, Set<Long>> acked = new HashMap<>();
  private final Set<String> liveClients = new HashSet<>();
  private final Map<String, Long> ackedCount = new LinkedHashMap<>();
  private final Map<String, Long> lostCount = new LinkedHashMap<>();
  private final Set<String> lostItems = new HashSet<>();

  KillLedger(String channel) {
    this.channel = channel;
    for (String k : List.of("serverInfo", "channel", "msgs", "subs", "pending", "acks", "clients")) {
      ackedCount.put(k, 0L);
      lostCount.put(k, 0L);
    }
  }

  /** Highest acknowledged message sequence so far. */
  long maxAck() {
    return maxAck;
  }

  /** Takes one line of the child's output. */
  void accept(String line) {
    String[] p = line.split(" ");
    switch (p[0]) {
      case "READY" -> {
        if (!serverInfo) {
          serverInfo = true;
          bump(ackedCount, "serverInfo");
          bump(ackedCount, "channel"); // the child creates it before READY
        }
      }
      case "ACK" -> {
        long seq = Long.parseLong(p[1]);
        msgs.add(seq);
        maxAck = Math.max(maxAck, seq);
        bump(ackedCount, "msgs");
      }
      case "SUB" -> {
        subs.add(Long.parseLong(p[1]));
        bump(ackedCount, "subs");
      }
      case "PEND" -> {
        pending.computeIfAbsent(Long.parseLong(p[1]), k -> new HashSet<>()).add(Long.parseLong(p[2]));
        bump(ackedCount, "pending");
      }
      case "PACK" -> {
        acked.computeIfAbsent(Long.parseLong(p[1]), k -> new HashSet<>()).add(Long.parseLong(p[2]));
        bump(ackedCount, "acks");
      }
      case "CADD" -> {
        liveClients.add(p[1]);
        bump(ackedCount, "clients");
      }
      case "CDELING" -> liveClients.remove(p[1]); // a delete in flight may land or not
      default -> { }
    }
  }

  /**
   * Checks a recovered state; returns a description of every problem (empty when all is there).
   * Lost items are added to {@link #lost()}; an acknowledged ack whose sequence is pending again and
   * a message that differs from the oracle are problems too (counted by the caller as wrong).
   */
  List<String> check(Optional<RecoveredState> state) {
    List<String> problems = new ArrayList<>();
    if (state.isEmpty()) {
      if (serverInfo) {
        lose("serverInfo", "");
        lose("channel", channel);
        msgs.forEach(seq -> lose("msgs", seq));
        problems.add("recover() is empty: server information, channel and " + msgs.size()
            + " acknowledged messages gone");
      }
      return problems;
    }
    RecoveredState s = state.get();
    if (!"torture".equals(s.info().getClusterID())) {
      lose("serverInfo", "");
      problems.add("server information wrong: " + s.info());
    }
    RecoveredChannel rc = s.channels().get(channel);
    if (rc == null) {
      if (serverInfo) {
        lose("channel", channel);
        msgs.forEach(seq -> lose("msgs", seq));
        problems.add("channel " + channel + " missing");
      }
      return problems;
    }
    MsgStore ms = rc.channel().msgs();
    if (ms.lastSequence() < maxAck) {
      problems.add("last=" + ms.lastSequence() + " < acknowledged " + maxAck);
    }
    long first = ms.firstSequence();
    for (long seq : msgs) {
      if (seq < first && first <= maxAck) {
        continue; // removed by the maxMsgs limit, legitimately
      }
      Optional<MsgProto> m = ms.lookup(seq);
      if (m.isEmpty()) {
        lose("msgs", seq);
        if (problems.size() < 10) {
          problems.add("acknowledged seq " + seq + " missing");
        }
      } else if (Payloads.check(channel, seq, m.get()) != null) {
        problems.add("wrong read: " + Payloads.check(channel, seq, m.get()));
      }
    }
    Map<Long, RecoveredSubscription> byId = new HashMap<>();
    for (RecoveredSubscription r : rc.subscriptions()) {
      byId.put(r.sub().getID(), r);
    }
    for (long id : subs) {
      if (!byId.containsKey(id)) {
        lose("subs", id);
        problems.add("acknowledged subscription " + id + " missing");
      }
    }
    for (var e : pending.entrySet()) {
      RecoveredSubscription r = byId.get(e.getKey());
      for (long seq : e.getValue()) {
        if (r == null || !r.pending().contains(seq)) {
          lose("pending", e.getKey() + "/" + seq);
          if (problems.size() < 20) {
            problems.add("pending seq " + seq + " of subscription " + e.getKey() + " missing");
          }
        }
      }
    }
    for (var e : acked.entrySet()) {
      RecoveredSubscription r = byId.get(e.getKey());
      for (long seq : e.getValue()) {
        if (r != null && r.pending().contains(seq)) {
          lose("acks", e.getKey() + "/" + seq);
          if (problems.size() < 20) {
            problems.add("acknowledged ack of seq " + seq + " (subscription " + e.getKey()
                + ") undone: pending again");
          }
        }
      }
    }
    Set<String> clients = new HashSet<>();
    s.clients().stream().map(Client::id).forEach(clients::add);
    for (String c : liveClients) {
      if (!clients.contains(c)) {
        lose("clients", c);
        problems.add("acknowledged client " + c + " missing");
      }
    }
    // a delete that was in flight and did not land leaves the client: it stays live from here on
    liveClients.addAll(clients);
    return problems;
  }

  /** Acknowledged items per kind. */
  Map<String, Long> acked() {
    return ackedCount;
  }

  /** Lost acknowledged items per kind (each item counted once). */
  Map<String, Long> lost() {
    return lostCount;
  }

  /** Acknowledged items of every kind. */
  long ackedTotal() {
    return ackedCount.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Lost items of every kind (each counted once). */
  long lostTotal() {
    return lostCount.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Counts a lost item once, however many later checks miss it again. */
  private void lose(String kind, Object item) {
    if (lostItems.add(kind + ":" + item)) {
      bump(lostCount, kind);
    }
  }

  private static void bump(Map<String, Long> m, String key) {
    m.merge(key, 1L, Long::sum);
  }
}
