package io.streamstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The JMH classes run their life cycle outside JMH too, so a broken set-up fails here, not in CI. */
class JmhBenchmarksTest {

  @Test
  void appendBenchmarkAppendsInSequence() {
    AppendBenchmark b = new AppendBenchmark();
    b.url = "streamstore:memory:";
    b.size = 64;
    b.open();
    try {
      assertThat(b.append()).isEqualTo(1);
      assertThat(b.append()).isEqualTo(2);
    } finally {
      b.close();
    }
  }

  @Test
  void workloadBenchmarkRunsOneWorkload() {
    WorkloadBenchmark b = new WorkloadBenchmark();
    b.url = "streamstore:memory:";
    b.workload = "W6";
    b.scale = 0.001;
    List<WorkloadResult> results = b.run();
    assertThat(results).singleElement().satisfies(r -> assertThat(r.ops()).isEqualTo(2000));
  }
}
