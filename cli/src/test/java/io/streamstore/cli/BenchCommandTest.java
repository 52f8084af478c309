package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void jsonHasOneResultPerWorkloadWithTheScaledCounts() {
    CliRun run = CliRun.of("bench", "streamstore:memory:", "--scale", "0.001", "--json", "-q");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).as("quiet").isEmpty();
    String json = run.out().strip();
    assertThat(json).startsWith("{\"target\":\"streamstore:memory:\",\"scale\":0.001");
    for (String id : new String[] {"W1", "W2", "W3", "W3b", "W3g", "W3x8", "W4", "W5", "W6"}) {
      assertThat(json).contains("{\"id\":\"" + id + "\"");
    }
    assertThat(json).contains("\"id\":\"W1\",\"title\":\"append 1,000 x 128 B, flush\",\"ops\":1000,");
    assertThat(json).contains("\"id\":\"W6\",\"title\":\"1,000 addSeqPending + 1,000 ackSeqPending\","
        + "\"ops\":2000,");
    assertThat(json).contains("\"p99Nanos\":");
  }

  @Test
  void theTableHasAHeaderAndARowPerSelectedWorkload() {
    CliRun run = CliRun.of("bench", "streamstore:memory:", "--scale", "0.001", "--workloads",
        "w2,W6");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("ID").contains("OPS/S", "MB/S", "P50", "P99", "P99.9");
    assertThat(lines[1]).startsWith("W2").contains("200 x 1 KiB").contains(" us ", " ns ");
    assertThat(lines[2]).startsWith("W6").contains("2,000");
    assertThat(run.err()).contains("bench on streamstore:memory:").contains("W6   done");
  }

  @Test
  void durationsReadWell() {
    assertThat(BenchCommand.nanos(850)).isEqualTo("850 ns");
    assertThat(BenchCommand.nanos(12_345)).isEqualTo("12.3 us");
    assertThat(BenchCommand.nanos(4_100_000)).isEqualTo("4.1 ms");
    assertThat(BenchCommand.nanos(1_200_000_000)).isEqualTo("1.20 s");
  }
}
