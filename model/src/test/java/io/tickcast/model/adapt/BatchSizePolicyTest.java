package io.tickcast.model.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizePolicyTest {

  @Test
  void shouldGrowGeometricallyTowardTheNoiseScaleAndStayInBounds() {
    BatchSizePolicy p = new BatchSizePolicy(true, 4, 2, 64);
    int b = p.initial();
    for (int i = 0; i < 10; i++) {
      b = p.next(b, 40.0);
    }
    // 4 -> 8 -> 16 -> 32, then 40 is within [B/2, 2B] of 32: stays
    assertThat(b).isEqualTo(32);
    for (int i = 0; i < 10; i++) {
      b = p.next(b, 1000.0);
    }
    assertThat(b).isEqualTo(64);
    for (int i = 0; i < 10; i++) {
      b = p.next(b, 0.1);
    }
    assertThat(b).isEqualTo(2);
  }

  @Test
  void shouldDropToMinimumAfterDriftOnlyWhenAdaptive() {
    assertThat(new BatchSizePolicy(true, 16, 2, 64).afterDrift(32)).isEqualTo(2);
    assertThat(new BatchSizePolicy(false, 16, 2, 64).afterDrift(16)).isEqualTo(16);
    assertThat(new BatchSizePolicy(false, 16, 2, 64).next(16, 500)).isEqualTo(16);
  }
}
