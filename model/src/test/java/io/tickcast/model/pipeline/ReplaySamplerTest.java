package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplaySamplerTest {

  @Test
  void shouldAlwaysIncludeTheNewestAndFavourRecentSequences() {
    int[] ages = new int[16];
    int recent = 0;
    int old = 0;
    for (long step = 0; step < 2000; step++) {
      ReplaySampler.sample(16, 256, 64, step, ages);
      assertThat(ages[0]).isZero();
      for (int a : ages) {
        assertThat(a).isBetween(0, 255);
        if (a < 64) {
          recent++;
        } else if (a >= 192) {
          old++;
        }
      }
    }
    // P(age < 64) ≈ 0.5/(1 − 2^-4) ≈ 0.53 of the draws; P(age ≥ 192) ≈ 0.125·0.5/0.94 ≈ 0.07
    assertThat(recent).isGreaterThan(old * 5);
    assertThat(old).isPositive();
  }

  @Test
  void shouldDrawTheSameBatchForTheSameSeedAndStayInsideASmallWindow() {
    int[] a = new int[8];
    int[] b = new int[8];
    ReplaySampler.sample(8, 5, 64, 77, a);
    ReplaySampler.sample(8, 5, 64, 77, b);
    assertThat(a).isEqualTo(b);
    for (int x : a) {
      assertThat(x).isBetween(0, 4);
    }
    ReplaySampler.sample(8, 5, 64, 78, b);
    assertThat(b).isNotEqualTo(a);
  }
}
