package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.meta.AtomicReplace;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.file.tools.RepairReport;
import io.streamstore.file.tools.StoreRepair;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.file.tools.VerifyReport;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Client;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.Names;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T8: hostile channel names and client ids against every backend (memory, file, H2, and PostgreSQL /
 * MariaDB when their env vars are set). Each name is accepted or rejected with {@link
 * InvalidNameException}; every backend must decide as {@link Names} does; an accepted name must
 * round-trip exactly (also after a reopen), case and normalization twins must stay distinct, and the
 * file backend must never create anything outside its root, even with a symlink planted in it.
 */
class HostileNamesTest {

  @TempDir Path tmp;

  @Test
  void hostileNamesOnEveryBackend() throws Exception {
    Path root = tmp.resolve("root");
    Path outside = tmp.resolve("outside");
    Files.createDirectories(root);
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("canary"), "do not touch");
    String recoverWithSymlink = "n/a";
    if (FileStores.available()) {
      // an initialized file store, then a symlink planted in its root, pointing outside: recovery
      // must refuse it or ignore it, never treat the outside directory as a channel
      try (Store s = FileStores.open(root, "", io.streamstore.file.io.FileIO.real())) {
        s.recover();
        s.init(ServerInfo.newBuilder().setClusterID("names").build());
      }
      Files.createSymbolicLink(root.resolve("evil"), outside);
      try (Store s = FileStores.open(root, "", io.streamstore.file.io.FileIO.real())) {
        recoverWithSymlink = s.recover().map(st -> st.channels().containsKey("evil")
            ? "RECOVERED_AS_CHANNEL" : "ignored").orElse("ignored");
      } catch (StoreException e) {
        recoverWithSymlink = "refused(" + e.getClass().getSimpleName() + ")";
      }
      Files.delete(root.resolve("evil"));
    }
    Set<Path> before = listAll(tmp, root);

    List<Backends.Target> targets = Backends.all(root);
    assumeTrue(!targets.isEmpty(), "no backend on the class path");

    Map<String, Map<String, Boolean>> channelDecisions = new TreeMap<>(); // backend -> name -> ok
    Map<String, Map<String, Boolean>> clientDecisions = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int unexpected = 0;
    String symlinkOutcome = "n/a";

    for (Backends.Target t : targets) {
      Map<String, Boolean> ch = new LinkedHashMap<>();
      Map<String, Boolean> cl = new LinkedHashMap<>();
      try (Store store = t.open()) {
        wipe(store);
        for (String name : HostileNames.allChannels()) {
          try {
            Channel c = store.createChannel(name);
            ch.put(name, true);
            c.msgs().store(Payloads.msg(name, 1, 40));
            c.msgs().flush();
            Optional<MsgProto> back = c.msgs().lookup(1);
            if (back.isEmpty() || Payloads.check(name, 1, back.get()) != null) {
              problems.add(t.name() + ": channel " + show(name) + " did not round-trip");
            }
          } catch (InvalidNameException rejected) {
            ch.put(name, false);
          } catch (StoreException e) {
            // e.g. the symlink-planted "evil": refusing is fine, but it must be a StoreException
            ch.put(name, false);
            if (!name.equals("evil")) {
              problems.add(t.name() + ": channel " + show(name) + " refused with " + e);
            }
          } catch (RuntimeException e) {
            unexpected++;
            ch.put(name, false);
            problems.add(t.name() + ": channel " + show(name) + " threw " + e);
          }
        }
        if (t.name().equals("file")) {
          // plant the symlink again while the store is open: creating a channel named like it must
          // not write through it
          Files.createSymbolicLink(root.resolve("evil"), outside);
          try {
            Channel c = store.createChannel("evil");
            c.msgs().store(Payloads.msg("evil", 1, 40));
            c.msgs().flush();
            symlinkOutcome = "accepted";
            store.deleteChannel("evil");
          } catch (StoreException e) {
            symlinkOutcome = "refused(" + e.getClass().getSimpleName() + ")";
          }
          Files.deleteIfExists(root.resolve("evil"));
        }
        for (List<String> ids : HostileNames.clients().values()) {
          for (String id : ids) {
            try {
              store.addClient(ClientInfo.newBuilder().setID(id).setHbInbox("hb").build());
              cl.put(id, true);
            } catch (InvalidNameException rejected) {
              cl.put(id, false);
            } catch (RuntimeException e) {
              unexpected++;
              cl.put(id, false);
              problems.add(t.name() + ": client " + show(id) + " threw " + e);
            }
          }
        }
      }
      if (t.persistent()) {
        try (Store store = t.open()) {
          RecoveredState s = store.recover().orElse(null);
          Set<String> wantCh = ch.entrySet().stream().filter(Map.Entry::getValue)
              .map(Map.Entry::getKey).collect(Collectors.toSet());
          Set<String> gotCh = s == null ? Set.of() : s.channels().keySet();
          if (!gotCh.equals(wantCh)) {
            problems.add(t.name() + ": after reopen channels differ: missing "
                + show(diff(wantCh, gotCh)) + ", extra " + show(diff(gotCh, wantCh)));
          }
          if (s != null) {
            for (String name : gotCh) {
              Optional<MsgProto> m = s.channels().get(name).channel().msgs().lookup(1);
              if (m.isEmpty() || Payloads.check(name, 1, m.get()) != null) {
                problems.add(t.name() + ": after reopen " + show(name) + " lost its message");
              }
            }
            Set<String> wantCl = cl.entrySet().stream().filter(Map.Entry::getValue)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
            Set<String> gotCl = s.clients().stream().map(Client::id).collect(Collectors.toSet());
            if (!gotCl.equals(wantCl)) {
              problems.add(t.name() + ": after reopen clients differ: missing "
                  + show(diff(wantCl, gotCl)) + ", extra " + show(diff(gotCl, wantCl)));
            }
          }
          wipe(store);
        } catch (StoreException e) {
          problems.add(t.name() + ": reopen after hostile names failed: " + e);
        }
      }
      channelDecisions.put(t.name(), ch);
      clientDecisions.put(t.name(), cl);
    }

    // every backend decides as the shared validator does
    int disagreements = 0;
    int caseTwinDisagreements = 0;
    for (String name : HostileNames.allChannels()) {
      boolean spec = Names.isValidChannel(name);
      for (var e : channelDecisions.entrySet()) {
        if (e.getValue().get(name) != spec && spec && e.getKey().equals("file")
            && !Boolean.getBoolean("torture.knownBugs") && caseTwinOfEarlier(name)) {
          // FILE-10: the file backend refuses a case twin of an existing channel (safe on
          // case-insensitive file systems) while memory and JDBC accept it: reported, not failed
          caseTwinDisagreements++;
          continue;
        }
        if (e.getValue().get(name) != spec) {
          disagreements++;
          problems.add(e.getKey() + " " + (spec ? "rejected" : "accepted") + " channel " + show(name)
              + " (Names says " + (spec ? "valid" : "invalid") + ")");
        }
      }
    }
    for (var cls : HostileNames.clients().values()) {
      for (String id : cls) {
        boolean spec = isValidClient(id);
        for (var e : clientDecisions.entrySet()) {
          if (e.getValue().get(id) != spec) {
            disagreements++;
            problems.add(e.getKey() + " disagrees with Names on client " + show(id));
          }
        }
      }
    }

    // nothing created outside the file root; the canary untouched
    Set<Path> after = listAll(tmp, root);
    Set<Path> escaped = diff(after, before);
    if (!Files.readString(outside.resolve("canary")).equals("do not touch")) {
      escaped.add(outside.resolve("canary"));
    }
    try (Stream<Path> s = Files.list(outside)) {
      s.filter(p -> !p.getFileName().toString().equals("canary")).forEach(escaped::add);
    }

    StringBuilder perClass = new StringBuilder();
    for (var cls : HostileNames.channels().entrySet()) {
      long acc = cls.getValue().stream().filter(Names::isValidChannel).count();
      perClass.append(perClass.length() == 0 ? "" : ",").append(cls.getKey()).append(':')
          .append(acc).append('/').append(cls.getValue().size() - acc);
    }
    StringBuilder perClient = new StringBuilder();
    for (var cls : HostileNames.clients().entrySet()) {
      long acc = cls.getValue().stream().filter(HostileNamesTest::isValidClient).count();
      perClient.append(perClient.length() == 0 ? "" : ",").append(cls.getKey()).append(':')
          .append(acc).append('/').append(cls.getValue().size() - acc);
    }
    // no accepted channel name holds an invisible character (two channels must never look alike)
    int invisibleAccepted = 0;
    for (var e : channelDecisions.entrySet()) {
      for (var d : e.getValue().entrySet()) {
        if (d.getValue() && HostileNames.hasInvisible(d.getKey())) {
          invisibleAccepted++;
          problems.add(e.getKey() + " accepted channel " + show(escape(d.getKey()))
              + " with an invisible character");
        }
      }
    }

    String line = new Summary("NAMES")
        .put("backends", String.join(",", channelDecisions.keySet()))
        .put("channelAcceptedRejectedPerClass", perClass)
        .put("clientAcceptedRejectedPerClass", perClient)
        .put("symlinkOnRecover", recoverWithSymlink)
        .put("symlinkOnCreate", symlinkOutcome)
        .put("pathsOutsideRoot", escaped.size())
        .put("disagreements", disagreements)
        .put("invisibleAccepted", invisibleAccepted)
        .put("knownCaseTwinDisagreements", caseTwinDisagreements)
        .put("unexpectedExceptions", unexpected)
        .put("problems", problems.size())
        .print();
    assertThat(escaped).as(line).isEmpty();
    assertThat(recoverWithSymlink).as(line).isNotEqualTo("RECOVERED_AS_CHANNEL");
    assertThat(symlinkOutcome).as(line).isNotEqualTo("accepted");
    assertThat(problems).as(line).isEmpty();
  }

  /**
   * Issue 9, item 7: every file name the file store itself uses, as a channel name. The names come
   * from the code ({@link StoreLayout}, {@link AtomicReplace}) and from a trace of everything a
   * store writes in a full life cycle (init twice, lock, truncate witness, slices rolled and removed
   * by limits, compaction of subs.dat and clients.dat, empty(), a channel deleted, repairs with
   * backups), in both cases. An accepted name must reopen (also after the life cycle runs again
   * next to it) and verify clean; a refused one must be reserved by the StoreLayout rule; and a
   * directory of a reserved name planted in a store (an older version's channel) must be refused by
   * open, reported by verify and left by repair, all three agreeing.
   */
  @Test
  void everyFileNameTheFileStoreUsesAsAChannelName() throws Exception {
    assumeTrue(FileStores.available(), "the file backend is not on the class path");
    Path root = tmp.resolve("store");
    IoTrace trace = new IoTrace();
    lifeCycle(root, new RecordingFileIO(root, trace), true);
    Set<String> fromTrace = new TreeSet<>();
    for (IoTrace.Op op : trace.ops()) {
      for (Path p : new Path[] {op.path(), op.target()}) {
        if (p != null) {
          p.forEach(part -> fromTrace.add(part.toString()));
        }
      }
    }
    Set<String> candidates = new TreeSet<>(fromTrace);
    for (String f : StoreLayout.ROOT_FILES) {
      candidates.add(f);
      candidates.add(AtomicReplace.tempFor(root.resolve(f)).getFileName().toString());
      for (int n = 0; n < 3; n++) {
        candidates.add(StoreLayout.backupName(f, n));
      }
    }
    candidates.remove("a"); // the life cycle's own channel
    candidates.remove("");
    Set<String> upper = new TreeSet<>();
    candidates.forEach(c -> upper.add(c.toUpperCase(java.util.Locale.ROOT)));
    candidates = new java.util.LinkedHashSet<>(candidates); // the names as used first, then in upper case
    candidates.addAll(upper);

    List<String> problems = new ArrayList<>();
    Set<String> accepted = new TreeSet<>();
    Set<String> refusedReserved = new TreeSet<>();
    int invalidByNames = 0;
    int wrongRefusals = 0;
    int caseTwins = 0;
    try (Store s = FileStores.open(root, "", io.streamstore.file.io.FileIO.real())) {
      s.recover();
      for (String name : candidates) {
        try {
          Channel c = s.createChannel(name);
          if (!Names.isValidChannel(name)) {
            problems.add("accepted " + show(name) + ", which Names refuses");
          }
          accepted.add(name);
          c.msgs().store(Payloads.msg(name, 1, 40));
          c.msgs().flush();
        } catch (InvalidNameException e) {
          if (!Names.isValidChannel(name)) {
            invalidByNames++;
          } else if (StoreLayout.isReserved(name)) {
            refusedReserved.add(name);
          } else if (caseTwinOf(name, accepted)) {
            caseTwins++; // FILE-10: the twin of an accepted name, refused by design
          } else {
            wrongRefusals++;
            problems.add("refused " + show(name) + ", which is not reserved: " + e.getMessage());
          }
        } catch (StoreException e) {
          wrongRefusals++;
          problems.add(show(name) + ": " + e);
        }
      }
    }
    // the store goes on next to the hostile channels: every file it writes again must not collide
    int reopens = 0;
    int opensBroken = 0;
    for (String query : List.of("", "truncateUnexpectedEOF=true", "")) {
      reopens++;
      try (Store s = FileStores.open(root, query, io.streamstore.file.io.FileIO.real())) {
        RecoveredState st = s.recover().orElseThrow();
        Set<String> want = new TreeSet<>(accepted);
        want.add("a");
        if (!st.channels().keySet().equals(want)) {
          problems.add("reopen " + reopens + ": channels " + st.channels().keySet() + ", want " + want);
        }
        for (String name : accepted) {
          RecoveredChannel rc = st.channels().get(name);
          Optional<MsgProto> m = rc == null ? Optional.empty() : rc.channel().msgs().lookup(1);
          if (m.isEmpty() || Payloads.check(name, 1, m.get()) != null) {
            problems.add("reopen " + reopens + ": " + show(name) + " lost its message");
          }
        }
        churn(s, st.channels().get("a").channel());
      } catch (StoreException e) {
        opensBroken++;
        problems.add("reopen " + reopens + " (" + query + ") failed: " + e);
      }
    }
    VerifyReport verified = StoreVerifier.verify(root, FileStoreOptions.DEFAULTS);
    problems.addAll(verified.problems().stream().map(p -> "verify: " + p).toList());

    // planted: a directory of each reserved (but Names-valid) name, as an older version made them
    int planted = 0;
    int plantedAgree = 0;
    for (String name : refusedReserved) {
      Path copy = tmp.resolve("planted-" + Integer.toHexString(name.hashCode()) + "-" + planted);
      lifeCycle(copy, io.streamstore.file.io.FileIO.real(), false);
      if (Files.exists(copy.resolve(name))) {
        continue; // the store's own file of that very name is there
      }
      planted++;
      Files.move(copy.resolve("a"), copy.resolve(name));
      boolean openRefused;
      try (Store s = FileStores.open(copy, "", io.streamstore.file.io.FileIO.real())) {
        s.recover();
        openRefused = false;
      } catch (StoreException e) {
        openRefused = e.getMessage().contains(name);
      }
      boolean verifyReports = StoreVerifier.verify(copy, FileStoreOptions.DEFAULTS).problems()
          .stream().anyMatch(p -> p.file().equals(name));
      boolean repairLeaves = StoreRepair.repair(copy, FileStoreOptions.DEFAULTS).actionsOn(name)
          .stream().anyMatch(a -> a.kind() == RepairReport.Kind.UNREPAIRED);
      boolean intact = Files.isRegularFile(copy.resolve(name).resolve(StoreLayout.SUBS_FILE));
      if (openRefused && verifyReports && repairLeaves && intact) {
        plantedAgree++;
      } else {
        problems.add("planted " + show(name) + ": open refused " + openRefused + ", verify reports "
            + verifyReports + ", repair leaves it " + repairLeaves + ", intact " + intact);
      }
    }

    String line = new Summary("STORENAMES")
        .put("candidates", candidates.size())
        .put("fromTrace", fromTrace.size())
        .put("invalidByNames", invalidByNames)
        .put("accepted", accepted.size())
        .put("refusedReserved", refusedReserved.size())
        .put("caseTwinsRefused", caseTwins)
        .put("wrongRefusals", wrongRefusals)
        .put("reopens", reopens)
        .put("opensBroken", opensBroken)
        .put("verifyProblems", verified.problems().size())
        .put("plantedAgree", plantedAgree + "/" + planted)
        .put("problems", problems.size())
        .print();
    assertThat(problems).as(line).isEmpty();
    assertThat(refusedReserved).as(line).contains(StoreLayout.SERVER_FILE + StoreLayout.TEMP_SUFFIX,
        StoreLayout.CLIENTS_FILE + StoreLayout.TEMP_SUFFIX);
    assertThat(accepted).as(line).contains(StoreLayout.SUBS_FILE);
  }

  /**
   * Drives a file store through everything that writes files (see the test above); with {@code
   * repairs}, also damages clients.dat and the last slice's tail and repairs both (backups).
   */
  private static void lifeCycle(Path root, io.streamstore.file.io.FileIO io, boolean repairs)
      throws IOException {
    String query = "compactMinFileSize=0&compactFragmentation=1&truncateUnexpectedEOF=true"
        + "&sliceMaxMsgs=2&maxMsgs=4";
    try (Store s = FileStores.open(root, query, io)) {
      assertThat(s.tryExclusiveLock()).isTrue();
      s.recover();
      s.init(ServerInfo.newBuilder().setClusterID("names").build());
      s.init(ServerInfo.newBuilder().setClusterID("names").setNodeID("again").build());
      Channel a = s.createChannel("a");
      for (long seq = 1; seq <= 10; seq++) {
        a.msgs().store(Payloads.msg("a", seq, 40));
      }
      a.msgs().flush();
      churn(s, a);
      Channel gone = s.createChannel("gone");
      gone.msgs().store(Payloads.msg("gone", 1, 40));
      gone.msgs().empty();
      s.deleteChannel("gone");
    }
    try (Store s = FileStores.open(root, "", io)) {
      s.recover();
    }
    if (repairs) {
      Files.write(root.resolve(StoreLayout.CLIENTS_FILE), new byte[] {9, 0, 0, 0, 1},
          java.nio.file.StandardOpenOption.APPEND);
      try (Stream<Path> l = Files.list(root.resolve("a"))) {
        Path last = l.filter(p -> p.getFileName().toString().endsWith(".dat")
            && p.getFileName().toString().startsWith("msgs.")).sorted().reduce((x, y) -> y).orElseThrow();
        Files.write(last, new byte[] {7, 0}, java.nio.file.StandardOpenOption.APPEND);
      }
      RepairReport r = StoreRepair.repair(root, FileStoreOptions.DEFAULTS, io);
      assertThat(r.after().ok()).as(r.toString()).isTrue();
    }
  }

  /** Whether {@code name} equals {@code "a"} or an accepted name after case folding. */
  private static boolean caseTwinOf(String name, Set<String> accepted) {
    String f = StoreLayout.fold(name);
    return f.equals("a") || accepted.stream().anyMatch(o -> StoreLayout.fold(o).equals(f));
  }

  /** Subscriptions and clients created and deleted until subs.dat and clients.dat compact. */
  private static void churn(Store s, Channel a) {
    for (int i = 0; i < 12; i++) {
      long id = a.subs().createSub(SubState.newBuilder().setClientID("me").setInbox("in").build());
      a.subs().addSeqPending(id, 1);
      a.subs().deleteSub(id);
      s.addClient(ClientInfo.newBuilder().setID("c" + i).setHbInbox("hb").build());
      s.deleteClient("c" + i);
    }
  }

  /** Whether a valid channel earlier in the corpus differs from {@code name} only in case. */
  private static boolean caseTwinOfEarlier(String name) {
    for (String other : HostileNames.allChannels()) {
      if (other.equals(name)) {
        return false;
      }
      if (other.equalsIgnoreCase(name) && Names.isValidChannel(other)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isValidClient(String id) {
    try {
      Names.validateClientId(id);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }

  /** Deletes every channel and client (shared SQL servers keep data between runs). */
  static void wipe(Store store) {
    Optional<RecoveredState> s = store.recover();
    if (s.isEmpty()) {
      store.init(ServerInfo.newBuilder().setClusterID("torture").build());
      return;
    }
    for (String name : new ArrayList<>(s.get().channels().keySet())) {
      store.deleteChannel(name);
    }
    for (Client c : s.get().clients()) {
      store.deleteClient(c.id());
    }
  }

  private static <T> Set<T> diff(Set<T> a, Set<T> b) {
    Set<T> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  /** Every path under {@code base} except inside {@code root} (where the store may write). */
  private static Set<Path> listAll(Path base, Path root) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      return s.filter(p -> !p.startsWith(root) || p.equals(root)).collect(Collectors.toSet());
    }
  }

  /** {@code name} with every character outside printable ASCII written as U+XXXX. */
  static String escape(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7f) {
        b.appendCodePoint(cp);
      } else {
        b.append(String.format("U+%04X", cp));
      }
    });
    return b.toString();
  }

  private static String show(Object o) {
    return String.valueOf(o).replaceAll("\\p{Cntrl}", "?");
  }
}
