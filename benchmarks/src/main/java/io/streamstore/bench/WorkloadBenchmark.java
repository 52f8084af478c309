package io.streamstore.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one whole standard workload per invocation (single-shot), through the same {@link
 * WorkloadSuite} the CLI's {@code bench} uses, so JMH's forking and warm-up can be applied to it.
 * Example: {@code java -jar benchmarks.jar WorkloadBenchmark -p workload=W1 -p scale=0.1 -f 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WorkloadBenchmark {

  /** The store URL template. */
  @Param({"streamstore:file:"})
  public String url;

  /** The workload id, as {@link Workload#parseList} reads it. */
  @Param({"W1", "W2", "W5", "W6"})
  public String workload;

  /** The scale factor of {@link WorkloadSizes#at}. */
  @Param({"0.1"})
  public double scale;

  /** Runs the workload once on fresh stores. */
  @Benchmark
  public List<WorkloadResult> run() {
    try (WorkloadTarget target = UrlWorkloadTarget.of(url)) {
      return new WorkloadSuite(target, WorkloadSizes.at(scale))
          .run(Workload.parseList(workload), r -> {});
    }
  }
}
