package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SPI-to-stream sequence map: runs, gaps, and dropping the head. */
class SegmentsTest {

  @Test
  void contiguousSequencesAreOneRun() {
    Segments s = new Segments();
    for (long i = 1; i <= 1000; i++) {
      s.append(i + 9, i); // SPI 10..1009 at stream 1..1000
    }
    assertThat(s.runs()).isEqualTo(1);
    assertThat(s.streamOf(10, 1, 1000)).isEqualTo(1);
    assertThat(s.streamOf(1009, 1, 1000)).isEqualTo(1000);
    assertThat(s.streamOf(9, 1, 1000)).isEqualTo(-1);
    assertThat(s.streamOf(1010, 1, 1000)).isEqualTo(-1);
    assertThat(s.spiOf(500)).isEqualTo(509);
  }

  @Test
  void everyGapStartsARunAndSequencesInsideAGapHaveNoMessage() {
    Segments s = new Segments();
    s.append(10, 1);
    s.append(12, 2);
    s.append(13, 3);
    s.append(1000, 4);
    assertThat(s.runs()).isEqualTo(3);
    assertThat(s.streamOf(11, 1, 4)).isEqualTo(-1);
    assertThat(s.streamOf(13, 1, 4)).isEqualTo(3);
    assertThat(s.streamOf(14, 1, 4)).isEqualTo(-1);
    assertThat(s.streamOf(999, 1, 4)).isEqualTo(-1);
    assertThat(s.streamOf(1000, 1, 4)).isEqualTo(4);
    assertThat(s.spiOf(4)).isEqualTo(1000);
    assertThat(s.spiOf(3)).isEqualTo(13);
  }

  @Test
  void sequencesBelowTheFirstKeptMessageAreGone() {
    Segments s = new Segments();
    for (long i = 1; i <= 100; i++) {
      s.append(i * 2, i); // a gap before every message: 100 runs
    }
    assertThat(s.runs()).isEqualTo(100);
    s.dropBefore(60);
    assertThat(s.runs()).isEqualTo(41);
    assertThat(s.streamOf(118, 60, 100)).isEqualTo(-1);
    assertThat(s.streamOf(120, 60, 100)).isEqualTo(60);
    assertThat(s.streamOf(200, 60, 100)).isEqualTo(100);
    for (long i = 101; i <= 10_000; i++) {
      s.append(i * 2, i); // growing again after dropping: storage is reused
    }
    assertThat(s.streamOf(20_000, 60, 10_000)).isEqualTo(10_000);
    assertThat(s.spiOf(5000)).isEqualTo(10_000);
  }
}
