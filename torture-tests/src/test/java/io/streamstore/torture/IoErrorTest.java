package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.io.FileIO;
import io.streamstore.spi.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T6: I/O-error injection, SQLite style. The scripted workload runs over {@link FaultyFileIO}, which
 * fails its k-th operation, for k = 1, 2, ... until the workload completes untouched; each k runs
 * twice, once with a single failure and once with every operation from k on failing. After each run:
 * the error the workload saw must be a {@link StoreException}; every handle the store opened must be
 * closed; and the directory, reopened with the real I/O, must hold everything acknowledged.
 */
class IoErrorTest {

  @TempDir Path tmp;

  @Test
  void failTheKthOperation() throws Exception {
    assumeTrue(FileStores.available(), "file backend (FileStore.open with FileIO) not available");
    long seed = Tier.seed("IoErrorTest");
    int steps = Tier.size("ioerror.steps", 8, 40);
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    long runs = 0;
    long wrongTypes = 0;
    long leaks = 0;
    long maxK = 0;
    for (FaultyFileIO.Mode mode : FaultyFileIO.Mode.values()) {
      for (long k = 1; ; k++) {
        runs++;
        Path dir = TempDirs.fresh(tmp.resolve("s"));
        FaultyFileIO io = new FaultyFileIO(FileIO.real());
        io.failAt(k, mode);
        List<String> acks = new ArrayList<>();
        RuntimeException e = new Workload(() -> FileStores.open(dir, Workload.OPTIONS, io),
            acks::add, seed, steps, 400).run();
        boolean injected = io.failedOperation() != null;
        String where = mode + " k=" + k + " (" + io.failedOperation() + ")";
        if (e != null && !(e instanceof StoreException)) {
          wrongTypes++;
          violations.add(where + ": workload got " + e);
        }
        if (e != null && !injected) {
          violations.add(where + ": workload failed without an injected fault: " + e);
        }
        if (!io.openHandles().isEmpty()) {
          leaks++;
          violations.add(where + ": handles left open after close: " + io.openHandles());
        }
        AckLedger.Verdict v = AckLedger.checkWithRepair(
            () -> FileStores.open(dir, Workload.OPTIONS, FileIO.real()),
            () -> FileStores.open(dir, Workload.REPAIR_OPTIONS, FileIO.real()), acks);
        outcomes.merge(v.outcome(), 1, Integer::sum);
        if (!v.ok() && violations.size() < 20) {
          violations.add(where + ": after reopen: " + v.outcome() + ": " + v.detail());
        }
        if (!injected) {
          maxK = Math.max(maxK, k - 1);
          break; // the workload finished before the k-th operation: done with this mode
        }
      }
    }
    String line = new Summary("IOERROR")
        .put("workloadSteps", steps + (Tier.isLong() ? "" : "(ci;long=40)"))
        .put("operationsCovered", maxK)
        .put("runs", runs)
        .put("outcomes", outcomes.toString().replace(" ", ""))
        .put("ackedLost", outcomes.getOrDefault("lost", 0))
        .put("wrongReads", outcomes.getOrDefault("wrong", 0))
        .put("refusedReopens", outcomes.getOrDefault("refused", 0))
        .put("wrongErrorTypes", wrongTypes)
        .put("leakedHandles", leaks)
        .put("seed", seed)
        .print();
    assertThat(violations).as(line).isEmpty();
  }
}
