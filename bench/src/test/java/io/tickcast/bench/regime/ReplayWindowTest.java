package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

  /** A window fed n bars whose row is {bar, -bar} and whose label is the bar index. */
  private static ReplayWindow fed(int n, int capacity, double halfLife, long seed) {
    ReplayWindow w = new ReplayWindow(2, 3, capacity, halfLife, seed);
    for (int bar = 0; bar < n; bar++) {
      if (bar > 0) {
        w.labelNewest(bar - 1);
      }
      w.push(new float[] {bar, -bar});
    }
    return w;
  }

  @Test
  void shouldAlwaysPutTheNewestLabelledSequenceFirstAndDrawOnlyFromTheWindow() {
    ReplayWindow w = fed(500, 64, 16, 1);
    assertThat(w.size()).isEqualTo(64);
    int[] ages = new int[8];
    float[] x = new float[8 * 2 * 3];
    float[] y = new float[16];
    for (int draw = 0; draw < 200; draw++) {
      assertThat(w.sample(8, 64, ages)).isEqualTo(8);
      w.gather(ages, 8, x, y);
      // Newest labelled sequence ends at bar 498 and carries label 498.
      assertThat(y[0]).isEqualTo(498f);
      assertThat(x[2]).isEqualTo(498f);
      assertThat(x[3]).isEqualTo(-496f);
      for (int b = 0; b < 8; b++) {
        assertThat(y[2 * b]).isBetween(435f, 498f);
        // The sequence's last row is the bar its label belongs to.
        assertThat(x[b * 6 + 2]).isEqualTo(y[2 * b]);
      }
    }
  }

  @Test
  void shouldFavourRecentSequencesAndHonourTheShortenedHorizon() {
    ReplayWindow w = fed(1000, 256, 20, 2);
    int[] ages = new int[64];
    int young = 0;
    int old = 0;
    for (int draw = 0; draw < 100; draw++) {
      w.sample(64, 256, ages);
      for (int b = 1; b < 64; b++) {
        if (ages[b] < 20) {
          young++;
        } else if (ages[b] >= 40 && ages[b] < 60) {
          old++;
        }
      }
    }
    // Half-life 20: ages 0-19 carry ~2x the mass of ages 40-59... times 2 again: ~4x.
    assertThat((double) young / old).isBetween(3.0, 5.5);
    for (int draw = 0; draw < 100; draw++) {
      w.sample(64, 10, ages);
      assertThat(java.util.Arrays.stream(ages).max().getAsInt()).isLessThan(10);
    }
  }

  @Test
  void shouldBeDeterministicUnderASeedAndAcrossARestore() {
    ReplayWindow a = fed(300, 128, 32, 42);
    ReplayWindow b = fed(300, 128, 32, 42);
    ReplayWindow c = fed(300, 128, 32, 43);
    int[] ia = new int[16];
    int[] ib = new int[16];
    int[] ic = new int[16];
    a.sample(16, 128, ia);
    b.sample(16, 128, ib);
    c.sample(16, 128, ic);
    assertThat(ib).containsExactly(ia);
    assertThat(ic).isNotEqualTo(ia);
  }

  @Test
  void shouldBeEmptyUntilAFullSequenceIsLabelled() {
    ReplayWindow w = fed(3, 8, 4, 1);
    // rows 0,1,2; only row 1 got a label, and its sequence would need rows -1..1
    assertThat(w.size()).isZero();
    assertThat(w.sample(4, 8, new int[4])).isZero();
    w.labelNewest(2f);
    assertThat(w.size()).isEqualTo(1);
    float[] latest = new float[6];
    assertThat(w.latest(latest)).isTrue();
    assertThat(latest).containsExactly(0f, 1f, 2f, 0f, -1f, -2f);
  }
}
