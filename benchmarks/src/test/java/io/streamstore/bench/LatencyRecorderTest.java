package io.streamstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void percentilesAreTheNearestRankOfTheSortedSamples() {
    LatencyRecorder r = new LatencyRecorder(4);
    for (long v = 1000; v >= 1; v--) { // out of order, and past the initial capacity
      r.record(v);
    }
    Latency l = r.summary("op");
    assertThat(l.samples()).isEqualTo(1000);
    assertThat(l.p50()).isEqualTo(500);
    assertThat(l.p99()).isEqualTo(990);
    assertThat(l.p999()).isEqualTo(999);
    assertThat(l.max()).isEqualTo(1000);
    assertThat(l.unit()).isEqualTo("op");
  }

  @Test
  void mergingAddsEverySample() {
    LatencyRecorder a = new LatencyRecorder(1);
    LatencyRecorder b = new LatencyRecorder(1);
    a.record(5);
    b.record(7);
    b.record(9);
    a.merge(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.summary("x").max()).isEqualTo(9);
  }

  @Test
  void noSamplesMeansNoSummary() {
    assertThat(new LatencyRecorder(1).summary("x")).isNull();
  }
}
