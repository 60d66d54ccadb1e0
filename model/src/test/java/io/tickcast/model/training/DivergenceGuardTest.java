package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivergenceGuardTest {

  /** A guard that has accepted a steady history of losses around 1.0 (dev ≈ 0.05). */
  private static DivergenceGuard calm() {
    DivergenceGuard g = new DivergenceGuard();
    for (int i = 0; i < 200; i++) {
      g.accept(1.0 + (i % 2 == 0 ? 0.05 : -0.05));
    }
    return g;
  }

  @Test
  void aLoneSpikeIsRefusedAndLeavesTheBaselineAlone() {
    DivergenceGuard g = calm();
    double ema = g.lossEma();
    double dev = g.lossDev();
    assertThat(g.isExploding(100.0)).isTrue();
    g.rolledBack(100.0);
    assertThat(g.lossEma()).isEqualTo(ema);
    assertThat(g.lossDev()).isEqualTo(dev);
    assertThat(g.lastRolledBack()).isTrue();
    // The next batch is normal again: admitted, and the same spike is still refused after it.
    assertThat(g.isExploding(1.0)).isFalse();
    g.accept(1.0);
    assertThat(g.isExploding(100.0)).isTrue();
    assertThat(g.rollbacks()).isEqualTo(1);
  }

  /**
   * The lockout: the judged loss is the batch loss BEFORE the update, so after a persistent
   * rise of the loss level every batch looks like an explosion and, with statistics fed by
   * accepted steps only, no step is ever admitted again.
   */
  @Test
  void aPersistentRiseOfTheLossLevelIsAdmittedAfterAFewRefusals() {
    DivergenceGuard g = calm();
    int refused = 0;
    for (int i = 0; i < 50 && g.isExploding(1000.0); i++) {
      g.rolledBack(1000.0);
      refused++;
    }
    assertThat(refused).isBetween(2, 5);
    assertThat(g.isExploding(1000.0)).isFalse();
  }
}
