package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.io.FileIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T2: simulated power loss. The workload runs over {@link RecordingFileIO}; {@link CrashModel} then
 * builds random crash states (each unsynced write lost, kept, torn or zero-extended; unsynced
 * directory entries lost) and each is recovered with the real I/O and checked against the
 * acknowledgements made before the crash point.
 *
 * <p>Mutation check: the same workload with file forces swallowed (ack before force), with directory
 * forces swallowed, and with the forces of one metadata file swallowed, must each be caught by some
 * crash state, or the test is too weak to trust.
 */
class PowerLossTest {

  @TempDir Path tmp;

  @Test
  void randomCrashStatesLoseNothingAcknowledged() throws Exception {
    assumeTrue(FileStores.available(), "file backend (FileStore.open with FileIO) not available");
    long seed = Tier.seed("PowerLossTest");
    int states = Tier.size("powerloss.states", 2000, 20_000);
    SplittableRandom r = new SplittableRandom(seed);

    CrashModel model = record(tmp.resolve("root"), io -> { }, seed, 60);
    String dump = System.getProperty("torture.powerloss.dump"); // "from,to": print part of the trace
    if (dump != null) {
      String[] ft = dump.split(",");
      for (int i = Integer.parseInt(ft[0]); i < Math.min(model.ops().size(), Integer.parseInt(ft[1]));
          i++) {
        System.out.println("op " + i + ": " + model.ops().get(i));
      }
    }
    Path crash = tmp.resolve("crash");
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    long changedOps = 0;
    for (int i = 0; i < states; i++) {
      int n = 1 + r.nextInt(model.ops().size());
      CrashModel.Fate[] fates = model.randomFates(n, r);
      TempDirs.fresh(crash);
      changedOps += model.materialize(n, fates, crash, r);
      AckLedger.Verdict v = AckLedger.checkWithRepair(
          () -> FileStores.open(crash, Workload.OPTIONS, FileIO.real()),
          () -> FileStores.open(crash, Workload.REPAIR_OPTIONS, FileIO.real()), model.acksBefore(n));
      outcomes.merge(v.outcome(), 1, Integer::sum);
      if (!v.ok() && violations.size() < 10) {
        violations.add("state " + i + " (crash before op " + n + " of " + model.ops().size() + ", "
            + model.ops().get(n - 1) + "): " + v.outcome() + ": " + v.detail());
      }
    }

    // the mutants
    record Mutant(String name, Consumer<RecordingFileIO> setup) {}
    List<Mutant> mutants = List.of(
        new Mutant("ackBeforeForce", io -> io.dropFileForce = true),
        new Mutant("noDirectoryFsync", io -> io.dropDirForce = true),
        new Mutant("noForceSubsDat", io -> {
          io.dropFileForce = true;
          io.dropFileForceSuffix = "subs.dat";
        }),
        new Mutant("noForceClientsDat", io -> {
          io.dropFileForce = true;
          io.dropFileForceSuffix = "clients.dat";
        }),
        new Mutant("noForceAnyDatFile", io -> {
          io.dropFileForce = true;
          io.dropFileForceSuffix = ".dat";
        }));
    int caught = 0;
    List<String> missed = new ArrayList<>();
    for (Mutant m : mutants) {
      CrashModel mm = record(tmp.resolve("m-" + m.name()), m.setup(), seed, 60);
      boolean found = false;
      for (int i = 0; i < Tier.size("powerloss.mutantStates", 200, 2000) && !found; i++) {
        int n = 1 + r.nextInt(mm.ops().size());
        TempDirs.fresh(crash);
        mm.materialize(n, mm.randomFates(n, r), crash, r);
        AckLedger.Verdict v = AckLedger.checkWithRepair(
            () -> FileStores.open(crash, Workload.OPTIONS, FileIO.real()),
            () -> FileStores.open(crash, Workload.REPAIR_OPTIONS, FileIO.real()),
            mm.acksBefore(n));
        found = !v.ok();
      }
      if (found) {
        caught++;
      } else {
        missed.add(m.name());
      }
    }

    String line = new Summary("POWERLOSS")
        .put("states", states + (Tier.isLong() ? "" : "(ci;long=20000)"))
        .put("traceOps", model.ops().size())
        .put("compactions", model.movesTo("subs.dat") + model.movesTo("clients.dat"))
        .put("opsLostOrTorn", changedOps)
        .put("outcomes", outcomes.toString().replace(" ", ""))
        .put("ackedLost", outcomes.getOrDefault("lost", 0))
        .put("wrongReads", outcomes.getOrDefault("wrong", 0))
        .put("refusedOpens", outcomes.getOrDefault("refused", 0))
        .put("unexpectedExceptions", outcomes.getOrDefault("unexpected", 0))
        .put("mutantsCaught", caught + "/" + mutants.size())
        .put("mutantsMissed", missed.isEmpty() ? "none" : String.join(",", missed))
        .put("seed", seed)
        .print();
    assertThat(violations).as(line).isEmpty();
    assertThat(missed).as(line).isEmpty();
  }

  /** Runs the workload over a recording layer and returns the crash model of its trace. */
  static CrashModel record(Path root, Consumer<RecordingFileIO> setup, long seed, int steps)
      throws Exception {
    Files.createDirectories(root);
    IoTrace trace = new IoTrace();
    RecordingFileIO io = new RecordingFileIO(root, trace);
    setup.accept(io);
    RuntimeException e = new Workload(() -> FileStores.open(root, Workload.OPTIONS, io), trace::ack,
        seed, steps, 600).run();
    if (e != null) {
      throw new AssertionError("workload failed without any fault injected", e);
    }
    return new CrashModel(trace.ops());
  }
}
