package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.io.FileIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T3: exhaustive crash points (ALICE / SQLite TH3 style) on a small scripted workload that creates
 * channels, appends, rolls slices, compacts subs.dat, creates subscriptions and records acks, adds
 * and deletes clients. Crash states: every prefix of the I/O trace; every prefix with one operation
 * omitted (only operations no force has covered yet may be omitted); and every prefix whose last
 * operation is a write torn three ways (first third only; two thirds then zeros; two thirds then
 * garbage). A torn-with-garbage tail may be refused (it looks like corruption), never misread.
 */
class ExhaustiveCrashTest {

  @TempDir Path tmp;

  @Test
  void everyCrashPointOfASmallWorkload() throws Exception {
    assumeTrue(FileStores.available(), "file backend (FileStore.open with FileIO) not available");
    long seed = Tier.seed("ExhaustiveCrashTest");
    int steps = Tier.size("exhaustive.steps", 14, 60);
    CrashModel model = PowerLossTest.record(tmp.resolve("root"), io -> { }, seed, steps);
    List<IoTrace.Op> ops = model.ops();
    Path crash = tmp.resolve("crash");
    SplittableRandom garbage = new SplittableRandom(seed);
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    long states = 0;
    long refusedGarbage = 0;

    for (int n = 0; n <= ops.size(); n++) {
      List<CrashModel.Fate[]> variants = new ArrayList<>();
      List<String> names = new ArrayList<>();
      CrashModel.Fate[] whole = new CrashModel.Fate[n];
      Arrays.fill(whole, CrashModel.Fate.WHOLE);
      variants.add(whole);
      names.add("prefix");
      for (int i = 0; i < n; i++) {
        if (model.uncovered(i, n)) {
          CrashModel.Fate[] f = whole.clone();
          f[i] = CrashModel.Fate.DROPPED;
          variants.add(f);
          names.add("omit " + ops.get(i));
        }
      }
      if (n > 0 && ops.get(n - 1).isWrite() && model.uncovered(n - 1, n)) {
        for (CrashModel.Fate tear : List.of(CrashModel.Fate.TORN_THIRD, CrashModel.Fate.TORN_ZEROS,
            CrashModel.Fate.TORN_GARBAGE)) {
          CrashModel.Fate[] f = whole.clone();
          f[n - 1] = tear;
          variants.add(f);
          names.add(tear.name());
        }
      }
      for (int v = 0; v < variants.size(); v++) {
        states++;
        TempDirs.fresh(crash);
        model.materialize(n, variants.get(v), crash, garbage);
        AckLedger.Verdict verdict = AckLedger.checkWithRepair(
            () -> FileStores.open(crash, Workload.OPTIONS, FileIO.real()),
            () -> FileStores.open(crash, Workload.REPAIR_OPTIONS, FileIO.real()), model.acksBefore(n));
        boolean garbageTail = names.get(v).equals("TORN_GARBAGE");
        if (garbageTail && verdict.outcome().equals("refused")) {
          refusedGarbage++;
          outcomes.merge("refusedGarbageTail", 1, Integer::sum);
          continue;
        }
        outcomes.merge(verdict.outcome(), 1, Integer::sum);
        if (!verdict.ok() && violations.size() < 10) {
          violations.add("crash before op " + n + "/" + ops.size() + " [" + names.get(v) + "]: "
              + verdict.outcome() + ": " + verdict.detail());
        }
      }
    }
    String line = new Summary("EXHAUSTIVE")
        .put("workloadSteps", steps + (Tier.isLong() ? "" : "(ci;long=60)"))
        .put("traceOps", ops.size())
        .put("compactions", model.movesTo("subs.dat") + model.movesTo("clients.dat"))
        .put("statesChecked", states)
        .put("outcomes", outcomes.toString().replace(" ", ""))
        .put("garbageTailsRefused", refusedGarbage)
        .put("violations", violations.size())
        .put("seed", seed)
        .print();
    assertThat(violations).as(line).isEmpty();
  }
}
