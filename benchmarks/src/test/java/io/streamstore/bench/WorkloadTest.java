package io.streamstore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void listsParseCaseInsensitivelyInStandardOrderWithoutDuplicates() {
    assertThat(Workload.parseList("w5, W1,w3b,W1")).containsExactly(Workload.W1, Workload.W3B,
        Workload.W5);
    assertThat(Workload.parseList("all")).containsExactly(Workload.values());
    assertThat(Workload.parseList(null)).hasSize(9);
    assertThat(Workload.parseList("w3X8")).containsExactly(Workload.W3X8);
    assertThat(Workload.W3X8.id()).isEqualTo("W3x8");
    assertThat(Workload.W3G.id()).isEqualTo("W3g");
  }

  @Test
  void anUnknownWorkloadIsNamed() {
    assertThatThrownBy(() -> Workload.parseList("W1,W7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'W7'")
        .hasMessageContaining("W3g");
  }

  @Test
  void sizesScaleFromTheStandardOnes() {
    WorkloadSizes standard = WorkloadSizes.at(1);
    assertThat(standard.w1Messages()).isEqualTo(1_000_000);
    assertThat(standard.w2Messages()).isEqualTo(200_000);
    assertThat(standard.timedRun()).isEqualTo(Duration.ofSeconds(5));
    assertThat(standard.lookups()).isEqualTo(100_000);
    assertThat(standard.pending()).isEqualTo(1_000_000);
    WorkloadSizes small = WorkloadSizes.at(0.001);
    assertThat(small.w1Messages()).isEqualTo(1_000);
    assertThat(small.timedRun()).isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> WorkloadSizes.at(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
