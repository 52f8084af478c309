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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * T4: corruption on every file type of a file store written by the scripted workload: message data
 * ({@code msgs.N.dat}), indexes ({@code msgs.N.idx}), {@code subs.dat}, {@code clients.dat} and
 * {@code server.dat}. Each case copies the store, damages one file ({@link Damage}), reopens with the
 * default options (and, if refused, once more with the operator's truncateUnexpectedEOF), and reads
 * everything back.
 *
 * <p>Pass: no silently wrong read (a message that differs from the oracle), no exception other than a
 * StoreException, no hang (10 s per case). Refusals are the expected answer; acknowledged messages
 * that vanish without any error ("silent loss", e.g. after a truncation at a record boundary that the
 * index cannot vouch for) are reported as a figure. Replay one case with {@code
 * -Dtorture.seed.CorruptionTest=<seed>}; the failing case's description names the damage.
 */
class CorruptionTest {

  @TempDir static Path tmp;
  private static Path base;
  private static List<String> acks;

  @BeforeAll
  static void writeBaseStore() throws Exception {
    assumeTrue(FileStores.available(), "file backend not available");
    base = TempDirs.fresh(tmp.resolve("base"));
    acks = new ArrayList<>();
    RuntimeException e = new Workload(() -> FileStores.open(base, Workload.OPTIONS, FileIO.real()),
        acks::add, 42, 40, 300).run();
    if (e != null) {
      throw e;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".dat", ".idx", "subs.dat", "clients.dat", "server.dat"})
  void damageEveryFileType(String type) throws Exception {
    int cases = Tier.size("corruption.cases", 150, 1000);
    long seed = Tier.seed("CorruptionTest");
    SplittableRandom r = new SplittableRandom(seed ^ type.hashCode());
    List<Path> files;
    try (Stream<Path> s = Files.walk(base)) {
      files = s.filter(Files::isRegularFile).filter(p -> matches(p, type)).sorted().toList();
    }
    assertThat(files).as("files of type " + type).isNotEmpty();
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    List<String> violations = new ArrayList<>();
    long tornRepaired = 0;
    long silentLoss = 0;
    long hangs = 0;
    Path dir = tmp.resolve("case");
    ExecutorService exec = Executors.newSingleThreadExecutor(daemon());
    try {
      for (int i = 0; i < cases; i++) {
        TempDirs.copy(base, dir);
        Path victim = dir.resolve(base.relativize(files.get(r.nextInt(files.size()))).toString());
        Damage.Kind kind = Damage.Kind.values()[r.nextInt(Damage.Kind.values().length)];
        String what = dir.relativize(victim) + " " + Damage.apply(victim, kind, r);
        Future<AckLedger.Verdict> f = exec.submit(() -> AckLedger.check(
            () -> FileStores.open(dir, Workload.OPTIONS, FileIO.real()), acks));
        AckLedger.Verdict v;
        try {
          v = f.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          hangs++;
          violations.add("case " + i + " HANG: " + what);
          exec.shutdownNow();
          exec = Executors.newSingleThreadExecutor(daemon());
          continue;
        }
        String outcome = v.outcome();
        if (outcome.equals("refused")) {
          outcome = "detectedRefused";
          AckLedger.Verdict repaired = AckLedger.check(
              () -> FileStores.open(dir, Workload.REPAIR_OPTIONS, FileIO.real()), acks);
          if (repaired.ok()) {
            tornRepaired++;
          } else if (repaired.outcome().equals("wrong") || repaired.outcome().equals("unexpected")) {
            violations.add("case " + i + " after repair " + repaired.outcome() + ": " + what + " -> "
                + repaired.detail());
          }
        } else if (outcome.equals("lost")) {
          silentLoss++;
          if (Boolean.getBoolean("torture.verbose")) {
            System.out.println("  silent loss, case " + i + ": " + what + " -> " + v.detail());
          }
        } else if (outcome.equals("wrong") || outcome.equals("unexpected")) {
          violations.add("case " + i + " " + outcome + ": " + what + " -> " + v.detail());
        }
        outcomes.merge(outcome, 1, Integer::sum);
      }
    } finally {
      exec.shutdownNow();
    }
    String line = new Summary("CORRUPTION")
        .put("fileType", type)
        .put("files", files.size())
        .put("injected", cases + (Tier.isLong() ? "" : "(ci-scaled;long=1000)"))
        .put("outcomes", outcomes.toString().replace(" ", ""))
        .put("detectedRefused", outcomes.getOrDefault("detectedRefused", 0))
        .put("tornTailsRepaired", tornRepaired)
        .put("harmless", outcomes.getOrDefault("ok", 0))
        .put("silentLoss", silentLoss)
        .put("silentlyWrongReads", outcomes.getOrDefault("wrong", 0))
        .put("unexpectedExceptions", outcomes.getOrDefault("unexpected", 0))
        .put("hangs", hangs)
        .put("seed", seed)
        .print();
    assertThat(violations).as(line).isEmpty();
  }

  static boolean matches(Path p, String type) {
    String n = p.getFileName().toString();
    return switch (type) {
      case ".dat" -> n.startsWith("msgs.") && n.endsWith(".dat");
      case ".idx" -> n.startsWith("msgs.") && n.endsWith(".idx");
      default -> n.equals(type);
    };
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return run -> {
      Thread t = new Thread(run, "corruption-case");
      t.setDaemon(true);
      return t;
    };
  }
}
