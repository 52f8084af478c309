package io.streamstore.cli;

import io.streamstore.bench.Latency;
import io.streamstore.bench.UrlWorkloadTarget;
import io.streamstore.bench.Workload;
import io.streamstore.bench.WorkloadResult;
import io.streamstore.bench.WorkloadSizes;
import io.streamstore.bench.WorkloadSuite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code bench [URL]}: the standard workloads W1-W6, as a table or JSON. */
@Command(
    name = "bench",
    header = "Run the standard workloads W1-W6 and print rate, MB/s and latencies.",
    description = {
      "Run the standard workloads and print rate, MB/s and latency percentiles:",
      "  W1   append 1,000,000 x 128 B (no sync), then flush",
      "  W2   append 200,000 x 1 KiB (no sync), then flush",
      "  W3   durable 1 KiB appends, flush (sync) after each message, 5 s",
      "  W3b  durable 1 KiB appends, flush (sync) every 100 messages, 5 s",
      "  W3g  group commit: 8 threads each append and flush their own message, 5 s",
      "  W3x8 fan-out: 8 threads each append to their own channel and flush each message, 5 s",
      "  W4   close and reopen the W1 store: recovery time, heap after GC",
      "  W5   100,000 random lookups in the reopened W1 store",
      "  W6   one subscription: 1,000,000 addSeqPending then 1,000,000 ackSeqPending",
      "Counts and times are multiplied by --scale. Without a URL the workloads run on a file",
      "store in fresh temporary directories, deleted afterwards. With a file URL each store gets",
      "a sub-directory bench-<run>-<n> of it, kept. Other stores (JDBC) get channels named",
      "bench.<workload>.<run id>, which are left in place."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore bench",
      "  streamstore bench --scale 0.1 --workloads W1,W4,W5",
      "  streamstore bench streamstore:memory: --json",
      "  streamstore bench 'streamstore:file:{tmp}?sliceMaxMsgs=100000'",
      "  streamstore bench 'streamstore:jdbc:postgresql://127.0.0.1/test?user=postgres' --scale 0.05"
    },
    mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "URL",
      description = "The store URL; {tmp} in it becomes a fresh temporary directory per store."
          + " Default: ${DEFAULT-VALUE}.",
      defaultValue = UrlWorkloadTarget.DEFAULT_TEMPLATE)
  String url;

  @Option(
      names = "--scale",
      paramLabel = "FACTOR",
      defaultValue = "1",
      description = "Multiply every count and duration by FACTOR (0.01 for a smoke test)."
          + " Default: ${DEFAULT-VALUE}.")
  double scale;

  @Option(
      names = "--workloads",
      paramLabel = "LIST",
      defaultValue = "all",
      description = "Comma-separated workloads to run, e.g. W1,W3b,W5. Default: ${DEFAULT-VALUE}.")
  String workloads;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    WorkloadSizes sizes = WorkloadSizes.at(scale);
    List<Workload> selected = Workload.parseList(workloads);
    StoreAccess.parse(url.replace(UrlWorkloadTarget.TEMP_DIR, "x"));
    List<WorkloadResult> results;
    String target;
    try (UrlWorkloadTarget t = UrlWorkloadTarget.of(url)) {
      target = t.describe();
      out.info("bench on " + target + ", scale " + scale);
      results = new WorkloadSuite(t, sizes).run(selected, r -> out.info(String.format(Locale.ROOT,
          "  %-4s done: %,.0f ops/s%s", r.id(), r.opsPerSecond(),
          r.note().isEmpty() ? "" : " (" + r.note() + ")")));
    }
    if (json) {
      out.result(Json.write(asJson(target, results)));
    } else {
      table(results).forEach(out::result);
    }
    return ExitCodes.OK;
  }

  private Map<String, Object> asJson(String target, List<WorkloadResult> results) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("scale", scale);
    m.put("java", System.getProperty("java.version"));
    m.put("processors", Runtime.getRuntime().availableProcessors());
    List<Object> list = new ArrayList<>();
    for (WorkloadResult r : results) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("id", r.id());
      w.put("title", r.title());
      w.put("ops", r.ops());
      w.put("seconds", r.seconds());
      w.put("opsPerSecond", r.opsPerSecond());
      w.put("bytes", r.bytes());
      w.put("megabytesPerSecond", r.megabytesPerSecond());
      Latency l = r.latency();
      if (l != null) {
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("unit", l.unit());
        lat.put("samples", l.samples());
        lat.put("p50Nanos", l.p50());
        lat.put("p99Nanos", l.p99());
        lat.put("p999Nanos", l.p999());
        lat.put("maxNanos", l.max());
        w.put("latency", lat);
      }
      w.putAll(r.extras());
      if (!r.note().isEmpty()) {
        w.put("note", r.note());
      }
      list.add(w);
    }
    m.put("results", list);
    return m;
  }

  static List<String> table(List<WorkloadResult> results) {
    Table t = new Table("ID", "WORKLOAD", "OPS>", "SECONDS>", "OPS/S>", "MB/S>", "P50>", "P99>",
        "P99.9>", "LATENCY OF / NOTES");
    for (WorkloadResult r : results) {
      Latency l = r.latency();
      List<String> notes = new ArrayList<>();
      if (l != null) {
        notes.add(l.unit());
      }
      r.extras().forEach((k, v) -> notes.add(k + "=" + extra(k, v)));
      if (!r.note().isEmpty()) {
        notes.add(r.note());
      }
      t.row(r.id(), r.title(), String.format(Locale.ROOT, "%,d", r.ops()),
          String.format(Locale.ROOT, "%.2f", r.seconds()),
          String.format(Locale.ROOT, "%,.0f", r.opsPerSecond()),
          r.bytes() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.megabytesPerSecond()),
          l == null ? "-" : nanos(l.p50()), l == null ? "-" : nanos(l.p99()),
          l == null ? "-" : nanos(l.p999()), String.join(", ", notes));
    }
    return t.lines();
  }

  private static String extra(String key, long v) {
    if (key.endsWith("Bytes")) {
      return StoreViews.bytes(v);
    }
    if (key.endsWith("Nanos")) {
      return nanos(v);
    }
    return Long.toString(v);
  }

  /** A duration for people: {@code 850 ns}, {@code 12.3 us}, {@code 4.1 ms}, {@code 1.20 s}. */
  static String nanos(long n) {
    if (n < 1_000) {
      return n + " ns";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", n / 1e9);
  }
}
