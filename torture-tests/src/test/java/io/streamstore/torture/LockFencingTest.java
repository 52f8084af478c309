package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * T12: two processes against each backend's exclusive lock, and SIGSTOP/SIGCONT of the holder.
 *
 * <p><b>(a) second writer:</b> process A ({@link FenceChild} {@code active}) holds the lock and
 * writes; it is frozen with SIGSTOP while process B ({@code intruder}) opens the same store, is told
 * {@code tryExclusiveLock() == false}, and tries every kind of write. Counted: B's acknowledged writes
 * ({@code secondWriterCommits}) and, for the file store, the bytes B changed in the directory. Then A
 * resumes, writes on and closes.
 *
 * <p><b>(b) frozen holder:</b> A holds the lock (JDBC: a 2 s lease) and writes; it is frozen past
 * its lease; a standby polls the lock. JDBC: the standby takes it, recovers, writes, and A is resumed
 * and keeps trying to flush: every commit of A after the takeover is a split-brain commit. File: the
 * OS lock stays with the frozen process, so the standby must never get it ({@code takeovers}).
 *
 * <p>After each part, every write acknowledged to the lock holder must be intact ({@code ackedLost})
 * and no message of the holder's channel may have been replaced ({@code foreign}).
 */
class LockFencingTest {

  private static final String CHANNEL = "fence";
  private static final String PREFIX = "torture_lock_";

  @TempDir Path tmp;

  private final List<String> problems = new ArrayList<>();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "h2file", "postgres", "mariadb"})
  void secondWriterAndFrozenHolder(String backend) throws Exception {
    String base = baseUrl(backend);
    Summary summary = new Summary("LOCKFENCE").put("backend", backend);
    if (base == null) {
      String why = backend + ": set STREAMSTORE_TEST_" + backend.toUpperCase() + "_URL to run it";
      summary.put("skipped", why.replace(' ', '_')).print();
      Assumptions.assumeTrue(false, why);
    }
    boolean jdbc = !backend.equals("file");

    // (a) a second process while the holder is frozen (long lease: it must not expire meanwhile)
    wipe(backend);
    String urlA = jdbc ? with(base, "lockLease=60s") : base;
    SecondWriter a = secondWriter(backend, urlA);
    summary.put("secondWriterCommits", a.commits)
        .put("secondWriterRefusals", a.refusals)
        .put("secondWriterOpened", a.opened);
    if (!jdbc) {
      summary.put("bytesChanged", a.bytesChanged);
    }
    summary.put("ackedA", a.holderAcks).put("ackedLostA", a.ackedLost).put("foreignA", a.foreign);

    // (b) the holder frozen past its lease
    long splitBrain = 0;
    if (backend.equals("h2file")) {
      summary.put("frozenHolder", "n/a(a_second_process_cannot_open_an_H2_file_database)");
    } else {
      wipe(backend);
      String urlB = jdbc ? with(base, "lockLease=2s") : base;
      Frozen b = frozenHolder(backend, urlB, jdbc);
      splitBrain = b.splitBrainCommits;
      summary.put("takeovers", b.takeovers)
          .put("splitBrainCommits", b.splitBrainCommits)
          .put("rowsAfterTakeover", b.rowsAfterTakeover)
          .put("refusedAfterResume", b.refusedAfterResume)
          .put("ackedB", b.holderAcks).put("ackedLostB", b.ackedLost).put("foreignB", b.foreign);
      if (!jdbc && b.takeovers != 0) {
        problems.add("the standby took the OS lock from a frozen holder");
      }
      a.ackedLost += b.ackedLost;
      a.foreign += b.foreign;
      splitBrain += b.rowsAfterTakeover;
    }
    String line = summary.print();
    assertThat(problems).as(line).isEmpty();
    assertThat(a.commits).as("second-writer commits; " + line).isZero();
    assertThat(a.bytesChanged).as("bytes changed by the second writer; " + line).isZero();
    assertThat(splitBrain).as("split-brain commits; " + line).isZero();
    assertThat(a.ackedLost + a.foreign).as("acknowledged writes lost or replaced; " + line).isZero();
  }

  // ---- (a)

  private static class SecondWriter {
    long commits;
    long refusals;
    boolean opened;
    long bytesChanged;
    long holderAcks;
    long ackedLost;
    long foreign;
  }

  private SecondWriter secondWriter(String backend, String url) throws Exception {
    SecondWriter r = new SecondWriter();
    Path errA = tmp.resolve("a-active.err");
    try (ChildJvm active = ChildJvm.start(FenceChild.class, List.of("-Xmx128m"), errA,
        "active", url, CHANNEL, "5")) {
      if (!await(active, "LOCK true", errA) || !awaitAcks(active, 10, errA)) {
        return r;
      }
      Signals.stop(active.pid());
      Map<Path, byte[]> before = snapshot(backend);
      Path errB = tmp.resolve("a-intruder.err");
      try (ChildJvm intruder = ChildJvm.start(FenceChild.class, List.of("-Xmx128m"), errB,
          "intruder", url, CHANNEL, "5")) {
        intruder.waitFor(3, TimeUnit.MINUTES);
        for (String line : intruder.output()) {
          if (line.startsWith("ACK ") && !line.startsWith("ACK recover")) {
            r.commits++;
          } else if (line.startsWith("REFUSED ")) {
            r.refusals++;
          } else if (line.startsWith("LOCK ")) {
            r.opened = true;
            if (!line.equals("LOCK false")) {
              problems.add("(a) the second process got " + line + " while the first held the lock");
            }
          }
        }
        if (r.commits > 0) {
          problems.add("(a) the second process's writes: " + String.join(" | ", intruder.output())
              + "; lock row then: " + lockRow(backend));
        }
        if (!intruder.output().contains("DONE")) {
          problems.add("(a) the second process did not finish: " + intruder.output() + " "
              + tail(errB));
        }
      }
      r.bytesChanged = changedBytes(before, snapshot(backend));
      Signals.cont(active.pid());
      awaitAcks(active, 5, errA);
      active.send("STOP");
      active.waitFor(1, TimeUnit.MINUTES);
      List<Long> acks = acks(active.output());
      r.holderAcks = acks.size();
      if (!active.output().contains("CLOSED")) {
        problems.add("(a) the holder did not close cleanly: " + lastLines(active.output()) + " "
            + tail(errA));
      }
      verify(url, acks, -1, r, true, List.of());
    }
    return r;
  }

  // ---- (b)

  private static final class Frozen extends SecondWriter {
    long takeovers;
    long splitBrainCommits;
    long rowsAfterTakeover;
    long refusedAfterResume;
  }

  private Frozen frozenHolder(String backend, String url, boolean jdbc) throws Exception {
    Frozen r = new Frozen();
    Path errA = tmp.resolve("b-active.err");
    Path errS = tmp.resolve("b-standby.err");
    long takeoverLast = -1;
    List<Long> standbyAcks = new ArrayList<>();
    try (ChildJvm active = ChildJvm.start(FenceChild.class, List.of("-Xmx128m"), errA,
        "active", url, CHANNEL, "2")) {
      if (!await(active, "LOCK true", errA) || !awaitAcks(active, 10, errA)) {
        return r;
      }
      Signals.stop(active.pid());
      int acksBeforeResume;
      // JDBC: the lease (2 s) lapses while the standby starts and polls; file: 3 s of polling
      try (ChildJvm standby = ChildJvm.start(FenceChild.class, List.of("-Xmx128m"), errS,
          "standby", url, CHANNEL, "5", jdbc ? "60000" : "3000")) {
        String got = awaitAny(standby, List.of("LOCKED", "NOLOCK"), errS);
        if ("LOCKED".equals(got)) {
          r.takeovers = 1;
          String rec = awaitPrefix(standby, "RECOVERED ", errS);
          takeoverLast = rec == null ? -1 : Long.parseLong(rec.substring(10).trim());
          if (await(standby, "DONE", errS)) {
            standbyAcks.addAll(acks(standby.output()));
          }
        } else if (got == null) {
          problems.add("(b) the standby neither got the lock nor gave up: " + tail(errS));
        }
        acksBeforeResume = acks(active.output()).size();
        Signals.cont(active.pid());
        if (r.takeovers == 1) {
          // the resumed holder keeps trying to flush until it gives up (20 refusals in a row)
          active.waitFor(1, TimeUnit.MINUTES);
        } else {
          awaitAcks(active, 5, errA);
        }
        standby.send("STOP");
        standby.waitFor(1, TimeUnit.MINUTES);
      }
      active.send("STOP");
      active.waitFor(1, TimeUnit.MINUTES);
      List<Long> acks = acks(active.output());
      r.holderAcks = acks.size();
      r.refusedAfterResume =
          active.output().stream().filter(l -> l.startsWith("REFUSED ")).count();
      if (r.takeovers == 1) {
        long cut = takeoverLast;
        r.splitBrainCommits = acks.stream().filter(s -> s > cut).count();
        // what the standby saw is all the holder may have committed; the rest must not be there
        verify(url, acks.stream().filter(s -> s <= cut).toList(), cut, r, false, standbyAcks);
      } else {
        verify(url, acks, -1, r, true, List.of());
        if (acks.size() <= acksBeforeResume) {
          problems.add("(b) the holder wrote nothing after SIGCONT: " + lastLines(active.output())
              + " " + tail(errA));
        }
      }
    }
    return r;
  }

  // ---- verification

  /**
   * Reopens the store and checks the holder's acknowledged messages, its client and subscription;
   * {@code cut >= 0}: sequences above it in the holder's channel are split-brain rows.
   */
  private void verify(String url, List<Long> acks, long cut, SecondWriter r, boolean clientToo,
      List<Long> standbyAcks) {
    try (Store store = lockedStore(url)) {
      verify(store.recover(), acks, cut, r, clientToo, standbyAcks);
    }
  }

  private void verify(Optional<RecoveredState> state, List<Long> acks, long cut, SecondWriter r,
      boolean clientToo, List<Long> standbyAcks) {
    if (state.isEmpty()) {
      r.ackedLost += acks.size();
      problems.add("final recovery found nothing; " + acks.size() + " acknowledged messages lost");
      return;
    }
    RecoveredChannel rc = state.get().channels().get(CHANNEL);
    if (rc == null) {
      r.ackedLost += acks.size();
      problems.add("channel " + CHANNEL + " not recovered");
      return;
    }
    MsgStore msgs = rc.channel().msgs();
    for (long seq : acks) {
      Optional<MsgProto> m = msgs.lookup(seq);
      if (m.isEmpty()) {
        r.ackedLost++;
        problems.add("acknowledged seq " + seq + " missing");
      }
    }
    for (long seq = msgs.firstSequence(); seq <= msgs.lastSequence(); seq++) {
      Optional<MsgProto> m = msgs.lookup(seq);
      if (m.isPresent() && Payloads.check(CHANNEL, seq, m.get()) != null) {
        r.foreign++;
        if (r.foreign <= 5) {
          problems.add("seq " + seq + ": " + Payloads.check(CHANNEL, seq, m.get()));
        }
      }
      if (cut >= 0 && seq > cut && m.isPresent() && r instanceof Frozen f) {
        f.rowsAfterTakeover++;
      }
    }
    if (rc.subscriptions().isEmpty()) {
      r.ackedLost++;
      problems.add("the holder's acknowledged subscription is missing");
    }
    if (clientToo && state.get().clients().stream().map(Client::id)
        .noneMatch(FenceChild.ACTIVE_CLIENT::equals)) {
      r.ackedLost++;
      problems.add("the holder's acknowledged client is missing");
    }
    RecoveredChannel own = state.get().channels().get(CHANNEL + ".standby");
    for (long seq : standbyAcks) {
      Optional<MsgProto> m = own == null ? Optional.empty() : own.channel().msgs().lookup(seq);
      if (m.isEmpty() || Payloads.check(CHANNEL + ".standby", seq, m.get()) != null) {
        r.ackedLost++;
        problems.add("(b) the standby's acknowledged seq " + seq + " is missing or wrong");
      }
    }
  }

  /** Opens the store with its lock (waiting out a lease left by a holder that did not close). */
  private static Store lockedStore(String url) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Store s = Stores.open(url);
      boolean mine = false;
      try {
        mine = s.tryExclusiveLock();
      } finally {
        if (!mine) {
          s.close();
        }
      }
      if (mine) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the lock of " + url + " was never free for the final check");
      }
      sleep(100);
    }
  }

  // ---- backends

  private String baseUrl(String backend) {
    return switch (backend) {
      case "file" -> "streamstore:file:" + tmp.resolve("store").toAbsolutePath();
      case "h2file" -> "streamstore:jdbc:h2:file:" + tmp.resolve("h2").toAbsolutePath() + "/db";
      case "postgres" -> fromEnv("STREAMSTORE_TEST_POSTGRES_URL");
      case "mariadb" -> fromEnv("STREAMSTORE_TEST_MARIADB_URL");
      default -> throw new IllegalArgumentException(backend);
    };
  }

  private static String fromEnv(String var) {
    String url = System.getenv(var);
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.startsWith("streamstore:") ? url.substring("streamstore:".length()) : url;
    return "streamstore:" + with(u, "tablePrefix=" + PREFIX);
  }

  private static String with(String url, String option) {
    return url + (url.contains("?") ? "&" : "?") + option;
  }

  /** Empties this test's tables on a shared server (the file and H2 stores start in fresh dirs). */
  private void wipe(String backend) throws IOException {
    if (backend.equals("file") || backend.equals("h2file")) {
      TempDirs.delete(tmp.resolve("store"));
      TempDirs.delete(tmp.resolve("h2"));
      return;
    }
    String url = System.getenv(backend.equals("postgres") ? "STREAMSTORE_TEST_POSTGRES_URL"
        : "STREAMSTORE_TEST_MARIADB_URL");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String t : List.of("pending", "subscriptions", "messages", "channels", "clients",
          "server_info")) {
        try {
          s.executeUpdate("DELETE FROM " + PREFIX + t);
        } catch (SQLException absent) {
          // first run: the tables do not exist yet
        }
      }
      try {
        s.executeUpdate("UPDATE " + PREFIX + "store_lock SET owner_id = NULL, expires_at = 0");
      } catch (SQLException absent) {
        // likewise
      }
    } catch (SQLException e) {
      throw new IOException("wiping " + backend + ": " + e, e);
    }
  }

  /** The lock row of a server backend, for diagnosis. */
  private static String lockRow(String backend) {
    if (!backend.equals("postgres") && !backend.equals("mariadb")) {
      return "n/a";
    }
    String url = System.getenv(backend.equals("postgres") ? "STREAMSTORE_TEST_POSTGRES_URL"
        : "STREAMSTORE_TEST_MARIADB_URL");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT owner_id, expires_at FROM " + PREFIX
            + "store_lock")) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        out.append(rs.getString(1)).append(" until ").append(rs.getLong(2)).append(" (now ")
            .append(System.currentTimeMillis()).append(") ");
      }
      return out.toString();
    } catch (SQLException e) {
      return e.toString();
    }
  }

  /** Every file of the file store with its bytes; empty for the other backends. */
  private Map<Path, byte[]> snapshot(String backend) throws IOException {
    Map<Path, byte[]> out = new HashMap<>();
    Path root = tmp.resolve("store");
    if (!backend.equals("file") || !Files.exists(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** Bytes that differ, counting a size difference and an added or removed file by its bytes. */
  private long changedBytes(Map<Path, byte[]> before, Map<Path, byte[]> after) {
    long changed = 0;
    for (var e : after.entrySet()) {
      byte[] old = before.get(e.getKey());
      byte[] now = e.getValue();
      long delta = 0;
      if (old == null) {
        delta = Math.max(1, now.length);
      } else {
        int n = Math.min(old.length, now.length);
        for (int i = 0; i < n; i++) {
          if (old[i] != now[i]) {
            delta++;
          }
        }
        delta += Math.abs(old.length - now.length);
      }
      if (delta > 0) {
        problems.add("(a) the second process changed " + e.getKey() + " (" + delta + " bytes)");
      }
      changed += delta;
    }
    for (var e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        changed += Math.max(1, e.getValue().length);
        problems.add("(a) the second process removed " + e.getKey());
      }
    }
    return changed;
  }

  // ---- child output

  private static List<Long> acks(List<String> lines) {
    List<Long> out = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("ACK ")) {
        try {
          out.add(Long.parseLong(l.substring(4).trim()));
        } catch (NumberFormatException notAMessage) {
          // ACK of another kind
        }
      }
    }
    return out;
  }

  private boolean await(ChildJvm child, String line, Path err) throws InterruptedException {
    if (awaitAny(child, List.of(line), err) == null) {
      problems.add("child never printed " + line + ": " + lastLines(child.output()) + " " + tail(err));
      return false;
    }
    return true;
  }

  private static String awaitPrefix(ChildJvm child, String prefix, Path err)
      throws InterruptedException {
    while (true) {
      String l = child.nextLine(120, TimeUnit.SECONDS);
      if (l == null || l.equals(ChildJvm.EOF)) {
        return null;
      }
      if (l.startsWith(prefix)) {
        return l;
      }
    }
  }

  private static String awaitAny(ChildJvm child, List<String> wanted, Path err)
      throws InterruptedException {
    while (true) {
      String l = child.nextLine(120, TimeUnit.SECONDS);
      if (l == null || l.equals(ChildJvm.EOF)) {
        return null;
      }
      if (wanted.contains(l)) {
        return l;
      }
    }
  }

  private boolean awaitAcks(ChildJvm child, int n, Path err) throws InterruptedException {
    int seen = 0;
    while (seen < n) {
      String l = child.nextLine(120, TimeUnit.SECONDS);
      if (l == null || l.equals(ChildJvm.EOF)) {
        problems.add("child stopped after " + seen + " of " + n + " acknowledgements: "
            + lastLines(child.output()) + " " + tail(err));
        return false;
      }
      if (l.startsWith("ACK ")) {
        seen++;
      }
    }
    return true;
  }

  private static String lastLines(List<String> lines) {
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> lines = Files.readAllLines(file);
      return "stderr: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGSTOP / SIGCONT through kill(1), waiting until the process state shows the change. */
  static final class Signals {
    private Signals() {}

    static void stop(long pid) throws IOException, InterruptedException {
      send("-STOP", pid);
      waitForState(pid, true);
    }

    static void cont(long pid) throws IOException, InterruptedException {
      send("-CONT", pid);
      waitForState(pid, false);
    }

    private static void send(String sig, long pid) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("kill", sig, Long.toString(pid)).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("kill " + sig + " " + pid + " failed");
      }
    }

    private static void waitForState(long pid, boolean stopped) throws InterruptedException {
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      for (int i = 0; i < 500; i++) {
        try {
          String s = Files.readString(stat);
          char state = s.charAt(s.lastIndexOf(')') + 2);
          if ((state == 'T' || state == 't') == stopped) {
            return;
          }
        } catch (IOException gone) {
          return;
        }
        Thread.sleep(10);
      }
      throw new AssertionError("process " + pid + " did not become " + (stopped ? "stopped" : "running"));
    }
  }
}
