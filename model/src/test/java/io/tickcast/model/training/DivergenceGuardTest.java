package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the guard refuses a step, and how refusals move (or do not move) its baseline. */
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
  void shouldRefuseALoneSpikeAndLeaveTheBaselineAlone() {
    // Given a calm guard
    DivergenceGuard g = calm();
    double threshold = g.threshold();

    // When a spike is refused
    assertThat(g.isExploding(100.0)).isTrue();
    g.rolledBack(100.0);

    // Then the baseline is unchanged, the next normal batch is admitted, the spike still refused
    assertThat(g.threshold()).isEqualTo(threshold);
    assertThat(g.lastRolledBack()).isTrue();
    assertThat(g.isExploding(1.0)).isFalse();
    g.accept(1.0);
    assertThat(g.lastRolledBack()).isFalse();
    assertThat(g.isExploding(100.0)).isTrue();
    assertThat(g.rollbacks()).isEqualTo(1);
  }

  @Test
  void shouldNotMoveForABadBarThatReplayDrawsIntoManyBatchesInARow() {
    // Given a calm guard
    DivergenceGuard g = calm();
    double threshold = g.threshold();

    // When one short of a persistent run of refusals carries enormous losses
    for (int i = 1; i < DivergenceGuard.PERSISTENT; i++) {
      g.rolledBack(1e9);
    }

    // Then nothing was folded: the calm threshold still holds
    assertThat(g.threshold()).isEqualTo(threshold);
    assertThat(g.refusedInARow()).isEqualTo(DivergenceGuard.PERSISTENT - 1);
  }

  /**
   * The lockout: the judged loss is the batch loss BEFORE the update, so after a persistent
   * rise of the loss level every batch looks like an explosion and, with statistics fed by
   * accepted steps only, no step is ever admitted again.
   */
  @Test
  void shouldAdmitAPersistentRiseOfTheLossLevelAfterBoundedRefusals() {
    // Given a calm guard, when the loss level jumps a thousandfold and stays there
    DivergenceGuard g = calm();
    int refused = 0;
    for (int i = 0; i < 200 && g.isExploding(1000.0); i++) {
      double before = g.threshold();
      g.rolledBack(1000.0);
      // each refusal raises the threshold by the capped fold at most
      assertThat(g.threshold()).isLessThanOrEqualTo(before * 1.56);
      refused++;
    }

    // Then it is admitted after the persistent run plus a bounded number of capped folds
    assertThat(refused).isBetween(DivergenceGuard.PERSISTENT + 5, DivergenceGuard.PERSISTENT + 25);
    assertThat(g.isExploding(1000.0)).isFalse();
  }

  @Test
  void shouldNeverFoldANonFiniteLossNorLengthenTheRunOnExtraSteps() {
    // Given a calm guard past a persistent run of refusals
    DivergenceGuard g = calm();
    for (int i = 0; i < DivergenceGuard.PERSISTENT; i++) {
      g.rolledBack(50.0);
    }
    double threshold = g.threshold();
    int run = g.refusedInARow();

    // When non-finite losses and extra (catch-up) refusals follow
    g.rolledBack(Double.NaN);
    g.rolledBack(Double.POSITIVE_INFINITY);
    double afterNonFinite = g.threshold();
    g.rolledBack(50.0, false);

    // Then the non-finite ones lengthened the run without folding, the extra one did neither,
    // and every refusal was counted
    assertThat(afterNonFinite).isEqualTo(threshold);
    assertThat(g.threshold()).isEqualTo(threshold);
    assertThat(g.refusedInARow()).isEqualTo(run + 2);
    assertThat(g.rollbacks()).isEqualTo(DivergenceGuard.PERSISTENT + 3);
  }
}
