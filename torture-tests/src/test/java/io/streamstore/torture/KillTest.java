package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import io.streamstore.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * T1: kill -9 of a writing child JVM. The child ({@link KillChild}) appends with {@code doSync} on and
 * prints {@code ACK seq} only after {@code flush()} returned; the parent SIGKILLs it at a random
 * moment, reopens the same directory and checks every acknowledged message byte for byte against the
 * oracle, every acknowledged subscription and client. The directory is reused across rounds, so each
 * start must recover the previous round's tail.
 *
 * <p>Note: kill -9 leaves the page cache intact, so this test checks recovery and the order of write
 * and acknowledgement, not fsync placement (that is {@link PowerLossTest}'s job).
 */
class KillTest {

  /** The variants of the workload. */
  enum Variant {
    /** small messages, default options */
    PLAIN(300, false, "", 25, 200, 250),
    /** 1 MiB messages: kills land inside writes and leave torn tails */
    BIG(1 << 20, false, "maxMsgs=40", 10, 100, 400),
    /** small slices, so kills land around slice rolls */
    SLICES(200, false, "sliceMaxMsgs=7", 15, 200, 250),
    /** subscriptions (create, pending, ack) and client add/delete next to the messages */
    SUBS_CLIENTS(100, true, "sliceMaxMsgs=25", 15, 200, 300);

    final int payload;
    final boolean extras;
    final String query;
    final int ciRounds;
    final int longRounds;
    final int maxDelayMs;

    Variant(int payload, boolean extras, String query, int ci, int full, int maxDelayMs) {
      this.payload = payload;
      this.extras = extras;
      this.query = query;
      this.ciRounds = ci;
      this.longRounds = full;
      this.maxDelayMs = maxDelayMs;
    }
  }

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Variant.class)
  void killNine(Variant v) throws Exception {
    assumeTrue(Backends.has("file"), "file backend not on the class path");
    int rounds = Tier.size("kill.rounds", v.ciRounds, v.longRounds);
    long seed = Tier.seed("KillTest");
    SplittableRandom random = new SplittableRandom(seed);
    Path dir = tmp.resolve("store");
    Backends.Target target = Backends.file(dir, v.query);
    String channel = "kill." + v.name().toLowerCase();
    Path stderr = tmp.resolve("child.err");

    long acked = 0;
    long maxAck = 0;
    long tornRepaired = 0;
    long tailsCut = 0;
    long durableUnacked = 0;
    long lost = 0;
    long failedReopens = 0;
    long wrongReads = 0;
    long subsAcked = 0;
    long subsLost = 0;
    long clientsLost = 0;
    long clientsResurrected = 0;
    Set<Long> ackedSubs = new HashSet<>();
    Set<String> liveClients = new HashSet<>();
    Set<String> deletedClients = new HashSet<>();
    List<String> problems = new ArrayList<>();

    for (int round = 0; round < rounds && problems.size() < 20; round++) {
      List<Long> roundAcks = new ArrayList<>();
      long ready;
      try (ChildJvm child =
          ChildJvm.start(KillChild.class, List.of("-Xmx256m"), stderr,
              target.url(), channel, Integer.toString(v.payload), Boolean.toString(v.extras),
              Long.toString(random.nextLong()))) {
        ready = awaitReady(child, stderr);
        if (ready < 0) {
          failedReopens++;
          problems.add("round " + round + ": child did not recover (see " + stderr + "): "
              + tail(stderr));
          break;
        }
        if (ready - 1 < maxAck) {
          lost += maxAck - (ready - 1);
          problems.add("round " + round + ": child recovered up to " + (ready - 1)
              + " but " + maxAck + " was acknowledged");
        }
        Thread.sleep(random.nextInt(v.maxDelayMs + 1));
        child.kill();
        for (String line : child.output()) {
          String[] p = line.split(" ", 2);
          switch (p[0]) {
            case "ACK" -> roundAcks.add(Long.parseLong(p[1]));
            case "SUB" -> { ackedSubs.add(Long.parseLong(p[1])); subsAcked++; }
            case "CADD" -> { liveClients.add(p[1]); deletedClients.remove(p[1]); }
            case "CDELING" -> liveClients.remove(p[1]);
            case "CDEL" -> deletedClients.add(p[1]);
            default -> { }
          }
        }
      }
      acked += roundAcks.size();
      long roundMax = roundAcks.isEmpty() ? ready - 1 : roundAcks.get(roundAcks.size() - 1);
      maxAck = Math.max(maxAck, roundMax);

      long bytesBefore = datBytes(dir);
      Store store = null;
      Optional<RecoveredState> state;
      try {
        store = target.open();
        state = store.recover();
      } catch (StoreException refused) {
        // a torn tail is an error by default (NATS Streaming semantics): the operator repairs once
        if (store != null) {
          store.close();
        }
        store = null;
        try {
          store = Stores.open(target.url() + (target.url().contains("?") ? "&" : "?")
              + "truncateUnexpectedEOF=true");
          state = store.recover();
          tornRepaired++;
        } catch (RuntimeException e) {
          if (store != null) {
            store.close();
          }
          failedReopens++;
          problems.add("round " + round + ": reopen failed: " + refused + "; with repair: " + e);
          break;
        }
      } catch (RuntimeException e) {
        failedReopens++;
        problems.add("round " + round + ": reopen failed with a non-StoreException: " + e);
        break;
      }
      try {
        RecoveredChannel rc = state.map(s -> s.channels().get(channel)).orElse(null);
        if (rc == null) {
          if (maxAck > 0) {
            lost += roundAcks.size();
            problems.add("round " + round + ": channel " + channel + " not recovered");
          }
          continue;
        }
        MsgStore msgs = rc.channel().msgs();
        long first = msgs.firstSequence();
        long last = msgs.lastSequence();
        if (last < maxAck) {
          lost += maxAck - last;
          problems.add("round " + round + ": last=" + last + " < acked " + maxAck);
        }
        if (last > roundMax + 1) {
          problems.add("round " + round + ": phantom messages: last=" + last
              + " but at most " + (roundMax + 1) + " was attempted");
        }
        durableUnacked += Math.max(0, last - roundMax);
        for (long seq : roundAcks) {
          if (seq < first) {
            continue; // dropped by the maxMsgs limit, legitimately
          }
          Optional<MsgProto> m = msgs.lookup(seq);
          if (m.isEmpty()) {
            lost++;
            problems.add("round " + round + ": acked seq " + seq + " missing");
          } else if (Payloads.check(channel, seq, m.get()) != null) {
            wrongReads++;
            problems.add("round " + round + ": " + Payloads.check(channel, seq, m.get()));
          }
        }
        if (v.extras) {
          Set<Long> subIds = rc.subscriptions().stream()
              .map(RecoveredSubscription::sub).map(s -> s.getID()).collect(Collectors.toSet());
          for (long id : ackedSubs) {
            if (!subIds.contains(id)) {
              subsLost++;
              problems.add("round " + round + ": acked subscription " + id + " missing");
            }
          }
          Set<String> clientIds = state.get().clients().stream().map(Client::id)
              .collect(Collectors.toSet());
          for (String id : liveClients) {
            if (!clientIds.contains(id)) {
              clientsLost++;
              problems.add("round " + round + ": acked client " + id + " missing");
            }
          }
          for (String id : deletedClients) {
            if (clientIds.contains(id)) {
              clientsResurrected++;
            }
          }
          // the store is the truth from here on: a resurrected client stays live
          liveClients.addAll(deletedClients.stream().filter(clientIds::contains).toList());
          deletedClients.removeIf(clientIds::contains);
        }
      } finally {
        store.close();
      }
      if (datBytes(dir) < bytesBefore) {
        tailsCut++;
      }
    }

    // final full pass: every message still within the limits is the oracle's
    long verified = 0;
    if (failedReopens == 0) {
      try (Store store = target.open()) {
        RecoveredChannel rc = store.recover().map(s -> s.channels().get(channel)).orElse(null);
        if (rc != null) {
          MsgStore msgs = rc.channel().msgs();
          for (long seq = msgs.firstSequence(); seq <= msgs.lastSequence(); seq++) {
            Optional<MsgProto> m = msgs.lookup(seq);
            String why = m.isEmpty() ? "missing inside [first,last]"
                : Payloads.check(channel, seq, m.get());
            if (why != null) {
              wrongReads++;
              problems.add("final pass: seq " + seq + " " + why);
            }
            verified++;
          }
        }
      }
    }

    String line = new Summary("KILL")
        .put("variant", v.name())
        .put("rounds", rounds + (Tier.isLong() ? "" : "(ci-scaled;long=" + v.longRounds + ")"))
        .put("payload", v.payload)
        .put("acked", acked)
        .put("recovered", maxAck)
        .put("verifiedFinal", verified)
        .put("tornTailsRepaired", tornRepaired)
        .put("dataFilesShortened", tailsCut)
        .put("durableUnacked", durableUnacked)
        .put("subsAcked", subsAcked)
        .put("subsLost", subsLost)
        .put("clientsLost", clientsLost)
        .put("clientDeletesUndone", clientsResurrected)
        .put("lost", lost)
        .put("wrongReads", wrongReads)
        .put("failedReopens", failedReopens)
        .put("seed", seed)
        .print();
    assertThat(problems).as(line).isEmpty();
    assertThat(lost + wrongReads + failedReopens + subsLost + clientsLost).as(line).isZero();
  }

  /**
   * T1 on every persistent backend: file, H2 file, and PostgreSQL / MariaDB when their environment
   * variable is set (skipped with the reason otherwise). The child stores messages with a flush
   * after each, creates subscriptions, adds and acknowledges pending sequences, adds and deletes
   * clients; it is SIGKILLed at a random moment (often within a few ms of a returned flush); the
   * reopened store must hold every acknowledged item of every kind ({@link KillLedger}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"file", "h2file", "postgres", "mariadb"})
  void killNineEveryPersistentBackend(String backend) throws Exception {
    String only = System.getProperty("torture.kill.backends", "");
    assumeTrue(only.isEmpty() || List.of(only.split(",")).contains(backend),
        "KILL backend=" + backend + " not in -Dtorture.kill.backends=" + only);
    String prefix = "torture_kill_";
    Backends.Target target = switch (backend) {
      case "file" -> {
        assumeTrue(Backends.has("file"), "file backend not on the class path");
        yield Backends.file(tmp.resolve("store"), "sliceMaxMsgs=25&maxMsgs=60");
      }
      case "h2file" -> {
        assumeTrue(Backends.has("jdbc"), "jdbc backend not on the class path");
        yield Backends.h2File(tmp.resolve("h2")).with("maxMsgs=60");
      }
      default -> {
        assumeTrue(Backends.has("jdbc"), "jdbc backend not on the class path");
        var t = Backends.server(backend, prefix);
        assumeTrue(t.isPresent(), "KILL backend=" + backend + " skipped: set "
            + Backends.serverEnv(backend) + " (a JDBC URL) to run it");
        Backends.dropTables(backend, prefix);
        yield t.get().with("maxMsgs=60");
      }
    }; // maxMsgs: the oldest messages are deleted as new ones come, so deletes are killed too
    int rounds = Tier.size("kill.backendRounds", 6, 60);
    long seed = Tier.seed("KillTest");
    SplittableRandom random = new SplittableRandom(seed);
    String channel = "kill.every";
    Path stderr = tmp.resolve("child-" + backend + ".err");
    KillLedger ledger = new KillLedger(channel);
    long failedReopens = 0;
    long tornRepaired = 0;
    long childRecoveredBelowAck = 0;
    long childFailures = 0;
    List<String> problems = new ArrayList<>();
    try {
      for (int round = 0; round < rounds && problems.size() < 20; round++) {
        try (ChildJvm child = ChildJvm.start(KillChild.class, List.of("-Xmx128m"), stderr,
            target.url(), channel, "200", "true", Long.toString(random.nextLong()))) {
          long ready = awaitReady(child, stderr);
          if (ready < 0) {
            failedReopens++;
            problems.add("round " + round + ": child did not start (see " + stderr + "): "
                + tail(stderr));
            break;
          }
          if (ready - 1 < ledger.maxAck()) {
            childRecoveredBelowAck++;
          }
          // a quarter of the kills land about 100 ms in, as in the report; the rest anywhere
          int delay = random.nextInt(4) == 0 ? 100 + random.nextInt(20) : random.nextInt(400);
          Thread.sleep(delay);
          boolean diedByItself = !child.alive();
          child.kill();
          child.output().forEach(ledger::accept);
          if (diedByItself) {
            childFailures++;
            problems.add("round " + round + ": the child failed by itself (a write was refused"
                + " after recovery?): " + tail(stderr));
          }
        }
        Store store = null;
        try {
          try {
            store = target.open();
          } catch (StoreException refused) {
            if (!backend.equals("file")) {
              throw refused;
            }
            // a torn tail is an error by default (NATS Streaming semantics): repair once
            store = Stores.open(target.url() + "&truncateUnexpectedEOF=true");
            tornRepaired++;
          }
          for (String p : ledger.check(store.recover())) {
            problems.add("round " + round + ": " + p);
          }
        } catch (StoreException e) {
          failedReopens++;
          problems.add("round " + round + ": reopen or read failed: " + e);
        } finally {
          if (store != null) {
            store.close();
          }
        }
      }
    } finally {
      if (!backend.equals("file") && !backend.equals("h2file")) {
        Backends.dropTables(backend, prefix);
      }
    }
    String line = new Summary("KILL")
        .put("variant", "EVERY_BACKEND")
        .put("backend", backend)
        .put("rounds", rounds + (Tier.isLong() ? "" : "(ci-scaled;long=60)"))
        .put("ackedItems", ledger.ackedTotal())
        .put("acked", ledger.acked().toString().replace(" ", ""))
        .put("ackedLost", ledger.lostTotal())
        .put("lost", ledger.lost().toString().replace(" ", ""))
        .put("childRecoveredBelowAck", childRecoveredBelowAck)
        .put("tornTailsRepaired", tornRepaired)
        .put("failedReopens", failedReopens)
        .put("childFailures", childFailures)
        .put("seed", seed)
        .print();
    assertThat(problems).as(line).isEmpty();
    assertThat(ledger.lostTotal() + failedReopens + childRecoveredBelowAck + childFailures)
        .as(line).isZero();
  }

  /** Waits for READY; returns the next sequence, or -1 when the child died first. */
  private static long awaitReady(ChildJvm child, Path stderr) throws InterruptedException {
    while (true) {
      String line = child.nextLine(120, TimeUnit.SECONDS);
      if (line == null || line.equals(ChildJvm.EOF)) {
        return -1;
      }
      if (line.startsWith("READY ")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  /** Total size of the message data files, to see whether recovery cut a torn tail. */
  static long datBytes(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".dat"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
