package io.tickcast.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SequenceRingTest {

  /** Row {@code i} has feature values {@code 10·i + f}. */
  private static SequenceRing ringWithRows(int rows) {
    SequenceRing ring = new SequenceRing(2, 3, 5);
    for (int i = 0; i < rows; i++) {
      ring.push(new double[] {10 * i, 10 * i + 1});
      ring.labelNewest(i);
    }
    return ring;
  }

  @Test
  void shouldCopySequencesInNcwOrderOldestStepFirst() {
    // Given rows 0..6 pushed into a ring of capacity 5 (rows 2..6 retained)
    SequenceRing ring = ringWithRows(7);

    // When the sequence ending one row back is copied as example 1 of a batch
    float[] dest = new float[2 * 2 * 3];
    ring.copySequence(1, dest, 1);

    // Then example 1 holds rows 3, 4, 5 as [feature][step]
    assertThat(dest).containsExactly(
        0, 0, 0, 0, 0, 0,
        30, 40, 50, 31, 41, 51);
    assertThat(ring.size()).isEqualTo(5);
    assertThat(ring.label(0)).isEqualTo(6);
    assertThat(ring.label(4)).isEqualTo(2);
  }

  @Test
  void shouldKnowWhichSequencesAreComplete() {
    SequenceRing ring = ringWithRows(3);
    assertThat(ring.hasSequenceEndingAt(0)).isTrue();
    assertThat(ring.hasSequenceEndingAt(1)).isFalse();
    assertThatThrownBy(() -> ring.copySequence(1, new float[6], 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldStartUnlabelled() {
    SequenceRing ring = new SequenceRing(2, 3, 5);
    ring.push(new double[] {1, 2});
    assertThat(ring.label(0)).isNaN();
  }

  @Test
  void shouldRebuildFromExportedRowsRegardlessOfRingPosition() {
    // Given a wrapped ring
    SequenceRing ring = ringWithRows(8);

    // When its rows are exported by absolute index and a ring is rebuilt from them
    float[][] rows = new float[ring.size()][3];
    for (int k = 0; k < ring.size(); k++) {
      ring.exportRow(ring.pushed() - ring.size() + k, rows[k]);
    }
    SequenceRing copy = SequenceRing.of(2, 3, 5, ring.pushed(), rows);

    // Then contents and labels are identical by age, and so is the next push
    assertThat(copy.size()).isEqualTo(ring.size());
    assertThat(copy.pushed()).isEqualTo(8);
    for (int age = 0; age < ring.size(); age++) {
      assertThat(copy.label(age)).isEqualTo(ring.label(age));
      assertThat(copy.value(age, 1)).isEqualTo(ring.value(age, 1));
      assertThat(copy.indexOfAge(age)).isEqualTo(ring.indexOfAge(age));
    }
    assertThatThrownBy(() -> SequenceRing.of(2, 3, 5, 8, new float[6][3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
