package io.streamstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SequenceSetTest {

  @Test
  void ofSortsAndRemovesDuplicates() {
    SequenceSet s = SequenceSet.of(5, 1, 3, 3, 1);
    assertThat(s.toArray()).containsExactly(1, 3, 5);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.contains(3)).isTrue();
    assertThat(s.contains(4)).isFalse();
    assertThat(s.first()).isEqualTo(1);
    assertThat(s.last()).isEqualTo(5);
    assertThat(s).isEqualTo(SequenceSet.of(1, 3, 5)).hasSameHashCodeAs(SequenceSet.of(5, 3, 1));
  }

  @Test
  void emptySetHasNoFirstOrLast() {
    assertThat(SequenceSet.empty().isEmpty()).isTrue();
    assertThatThrownBy(() -> SequenceSet.empty().first()).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void mutableSetAgreesWithTreeSetUnderRandomChurn() {
    Random random = new Random(42);
    MutableSequenceSet set = new MutableSequenceSet();
    TreeSet<Long> oracle = new TreeSet<>();
    for (int i = 0; i < 200_000; i++) {
      long seq = 1 + random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        assertThat(set.remove(seq)).isEqualTo(oracle.remove(seq));
      } else {
        assertThat(set.add(seq)).isEqualTo(oracle.add(seq));
      }
    }
    assertThat(set.size()).isEqualTo(oracle.size());
    assertThat(set.snapshot().toArray())
        .containsExactly(oracle.stream().mapToLong(Long::longValue).toArray());
    set.clear();
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.snapshot()).isEqualTo(SequenceSet.empty());
  }

  @Test
  void mutableSetRefusesNonPositiveSequences() {
    MutableSequenceSet set = new MutableSequenceSet();
    assertThatThrownBy(() -> set.add(0)).isInstanceOf(InvalidArgumentException.class);
    assertThat(set.contains(0)).isFalse();
    assertThat(set.remove(-1)).isFalse();
  }
}
