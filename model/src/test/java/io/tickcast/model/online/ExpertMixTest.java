package io.tickcast.model.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpertMixTest {

  private static final int SWITCH = 1000;
  /**
   * Stated bound for the toy below: horizon 1/(1−γ) = 50 bars, per-bar advantage Δ ≈ 0.36 of the
   * target variance, η = 2; the old expert's discounted lead is ≈ 0.36·50 = 18, so its lead
   * halves every ~35 bars and the new one takes over well within 100 bars.
   */
  private static final int BOUND = 100;

  /** Expert 0 knows the AR(1) mean before the switch, expert 1 after it; y = mean + noise. */
  private static int barsToSwitch(ExpertMix mix, long seed) {
    Random rnd = new Random(seed);
    double r = 0;
    int took = -1;
    for (int t = 0; t < 2 * SWITCH; t++) {
      double phi = t < SWITCH ? 0.6 : -0.6;
      double good = phi * r;
      double[] f = t < SWITCH ? new double[] {good, -good} : new double[] {-good, good};
      r = good + rnd.nextGaussian();
      mix.update(f, r);
      int best = t < SWITCH ? 0 : 1;
      if (t >= SWITCH && took < 0 && mix.weights()[best] > 0.9) {
        took = t - SWITCH + 1;
      }
    }
    return took;
  }

  @Test
  void shouldMoveTheWeightToTheBestExpertWithinTheStatedBarsAfterASwitch() {
    for (long seed = 1; seed <= 5; seed++) {
      ExpertMix mix = new ExpertMix(ExpertMix.Kind.SQUARED, 2, 0, 2.0, 0.98, 0.0);
      int took = barsToSwitch(mix, seed);
      assertThat(took).as("seed %d", seed).isBetween(1, BOUND);
      assertThat(mix.weights()[1]).isGreaterThan(0.99);
    }
  }

  /**
   * Fixed share: ln(K/ε)/(η·Δ) = ln(2/0.002)/(0.25·1.44) ≈ 19 bars to reach weight 1/2, plus
   * ln(9)/(η·Δ) ≈ 6 more to 0.9, however long the old expert led; the per-bar loss difference
   * has a standard deviation of about 2, so individual seeds scatter: stated bound 60.
   */
  @Test
  void shouldSwitchWithinTheFixedShareBoundWhateverTheOldExpertsLead() {
    for (long seed = 1; seed <= 5; seed++) {
      ExpertMix mix = new ExpertMix(ExpertMix.Kind.SQUARED, ExpertMix.Rule.FIXED_SHARE, 2, 0,
          0.25, 0.98, 0.002);
      int took = barsToSwitch(mix, seed);
      assertThat(took).as("seed %d", seed).isBetween(1, 60);
    }
  }

  @Test
  void shouldShowAPublishedForecastWorseThanNaiveAsNegativeSkill() {
    // Expert 0 is naive (0); expert 1 is pure noise: the mix must lean to naive and say so.
    ExpertMix mix = new ExpertMix(ExpertMix.Kind.SQUARED, 2, 0, 2.0, 0.99, 0.0);
    Random rnd = new Random(2);
    for (int t = 0; t < 2000; t++) {
      mix.update(new double[] {0, 2 * rnd.nextGaussian()}, rnd.nextGaussian());
    }
    assertThat(mix.weights()[0]).isGreaterThan(0.99);
    assertThat(mix.skill(1)).isLessThan(-1);
    assertThat(mix.publishedSkill()).isBetween(-0.05, 0.0);
    assertThat(mix.dominant()).isZero();
  }

  @Test
  void shouldPreferTheRightSigmaUnderQlike() {
    ExpertMix mix = new ExpertMix(ExpertMix.Kind.QLIKE, 3, 0, 1.0, 0.99, 0.0);
    Random rnd = new Random(4);
    double[] sig = {0.5, 1.0, 2.0};
    for (int t = 0; t < 3000; t++) {
      mix.update(sig, rnd.nextGaussian());
    }
    assertThat(mix.dominant()).isEqualTo(1);
    assertThat(mix.mixSigma(sig)).isBetween(0.9, 1.1);
    assertThat(mix.skill(1)).isPositive();
  }

  @Test
  void shouldFindABlendOfVariancesByExponentiatedGradient() {
    // True variance 2 = a blend of the experts' 1 and 4 (w = 2/3, 1/3); neither alone is right.
    ExpertMix eg = new ExpertMix(ExpertMix.Kind.QLIKE, ExpertMix.Rule.GRADIENT, 2, 0, 0.02,
        0.99, 0.0);
    ExpertMix pick = new ExpertMix(ExpertMix.Kind.QLIKE, 2, 0, 1.0, 0.99, 0.0);
    Random rnd = new Random(6);
    double[] sig = {1.0, 2.0};
    for (int t = 0; t < 20_000; t++) {
      double y = Math.sqrt(2) * rnd.nextGaussian();
      eg.update(sig, y);
      pick.update(sig, y);
    }
    assertThat(eg.mixSigma(sig) * eg.mixSigma(sig)).isBetween(1.8, 2.2);
    assertThat(eg.weights()[0]).isBetween(0.55, 0.8);
    double picked = pick.mixSigma(sig) * pick.mixSigma(sig);
    assertThat(picked < 1.8 || picked > 2.2).as("pick-best variance %s", picked).isTrue();
  }

  /** Fixed share after 300 bars of experts {0, 0.9·y, c·y, 2}: expert 1 leads. */
  private static ExpertMix trained(double c) {
    ExpertMix mix = new ExpertMix(ExpertMix.Kind.SQUARED, ExpertMix.Rule.FIXED_SHARE, 4, 0,
        0.5, 0.98, 0.001);
    Random rnd = new Random(7);
    for (int t = 0; t < 300; t++) {
      double y = rnd.nextGaussian();
      mix.update(new double[] {0, 0.9 * y, c * y, 2}, y);
    }
    return mix;
  }

  /** Demoting drops only the named expert's lead; the others keep their ratios. */
  @Test
  void shouldDemoteOnlyTheNamedExpertTowardTheUniformShare() {
    ExpertMix mix = trained(0.5);
    double[] before = mix.weights();
    assertThat(before[1]).isGreaterThan(0.5);
    mix.demote(1, 0.5);
    double[] after = mix.weights();
    assertThat(after[1]).isCloseTo(before[1] - 0.5 * (before[1] - 0.25),
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(after[2] / after[0]).isCloseTo(before[2] / before[0],
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(after[3] / after[2]).isCloseTo(before[3] / before[2],
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(java.util.Arrays.stream(after).sum()).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-12));
    mix.demote(1, 1);
    assertThat(mix.weights()[1]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
    // At or below the uniform share nothing moves.
    double[] capped = mix.weights();
    mix.demote(1, 1);
    mix.demote(3, 1);
    assertThat(mix.weights()).containsExactly(capped);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mix.demote(4, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A raised share restarts the weights toward uniform by exactly α, and nothing else moves. */
  @Test
  void shouldMixUniformWeightInByTheShareAndKeepTheSkill() {
    ExpertMix mix = trained(-1);
    double[] before = mix.weights();
    assertThat(before[1]).isGreaterThan(0.9);
    double skill = mix.skill(1);
    double published = mix.publishedSkill();

    mix.share(0);
    assertThat(mix.weights()).containsExactly(before);
    mix.share(0.5);
    for (int k = 0; k < 4; k++) {
      assertThat(mix.weights()[k]).isCloseTo(0.5 * before[k] + 0.125,
          org.assertj.core.data.Offset.offset(1e-12));
    }
    mix.share(1);
    assertThat(mix.weights()).containsOnly(0.25);
    assertThat(mix.skill(1)).isEqualTo(skill);
    assertThat(mix.publishedSkill()).isEqualTo(published);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mix.share(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> mix.share(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
