package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.network.LstmNetworkFactory;
import java.util.Random;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Adam} against DL4J's own Adam updater on identical parameters and gradients. */
class AdamTest extends ModelTestBase {

  @Test
  void shouldReproduceDl4jsUpdaterIncludingWarmUpAndBiasCorrection() {
    // Given a DL4J network and tickcast's Adam on a copy of its parameters, and a run of gradients
    ForecasterConfig cfg = new ForecasterConfig(6, 5, 8, 8, 1e-2, 5, 1.0, 2, 200.0, 200, 0.0,
        20, 0.05, 0.94, SEED);
    MultiLayerNetwork reference = LstmNetworkFactory.create(cfg);
    reference.initGradientsView();
    BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) reference.getUpdater();
    int n = Math.toIntExact(reference.numParams());
    float[] params = reference.params().toFloatVector();
    float[] next = new float[n];
    Adam adam = new Adam(n);
    LinearWarmupSchedule schedule = LinearWarmupSchedule.of(cfg);
    Random rnd = new Random(9);

    // When 8 updates (through warm-up and beyond) are applied by each, at iterations 0..7, DL4J's
    // at the rate the schedule gives
    for (int it = 0; it < 8; it++) {
      int batch = 1 + rnd.nextInt(16);
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = (float) (batch * rnd.nextGaussian() * (i % 7 == 0 ? 1e-3 : 1));
      }
      double lr = schedule.rate(it, 1.0);
      updater.getUpdaterBlocks().get(0).getGradientUpdater().getConfig()
          .setLrAndSchedule(lr, null);
      INDArray view = reference.getFlattenedGradients();
      view.assign(Nd4j.createFromArray(g).reshape(view.shape()));
      updater.update(new DefaultGradient(view), it, 0, batch, LayerWorkspaceMgr.noWorkspaces());
      reference.params().subi(view.reshape(reference.params().shape()));
      adam.propose(params, g, batch, it, lr, next);
      adam.commit();
      float[] t = params;
      params = next;
      next = t;
    }

    // Then parameters and the [m | v] state agree to float rounding
    assertClose(params, reference.params().toFloatVector(), 1e-6);
    float[] stateR = reference.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector();
    assertThat(stateR).hasSize(2 * n);
    assertClose(adam.state(), stateR, 1e-6);
  }

  @Test
  void shouldChangeNothingVisibleUntilCommitted() {
    // Given an Adam with some state
    Adam adam = new Adam(3);
    float[] p = {1, 2, 3};
    float[] out = new float[3];
    adam.propose(p, new float[] {1, -1, 2}, 1, 0, 0.1, out);
    adam.commit();
    float[] state = adam.state();

    // When a second update is proposed but not committed
    adam.propose(out, new float[] {5, 5, 5}, 1, 1, 0.1, new float[3]);

    // Then the state is unchanged; a reset zeroes it
    assertThat(adam.state()).containsExactly(state);
    assertThat(state).isNotEqualTo(new float[6]);
    adam.reset();
    assertThat(adam.state()).containsOnly(0f);
  }

  @Test
  void shouldShrinkTheParametersByExactlyOneMinusLrTimesLambdaOnAZeroGradient() {
    // Given AdamW with λ 0.5 and zero moments
    Adam adamW = new Adam(3, Adam.BETA1, Adam.BETA2, Adam.EPSILON, 0.5);
    float[] p = {1, -2, 0.25f};
    float[] out = new float[3];

    // When a zero gradient is proposed at lr 0.1
    adamW.propose(p, new float[3], 1, 0, 0.1, out);

    // Then the Adam term is zero and each parameter shrinks by exactly 1 − 0.1·0.5 = 0.95
    assertThat(out).containsExactly(new float[] {0.95f, -1.9f, 0.2375f}, within(1e-7f));
    adamW.commit();
    assertThat(adamW.state()).containsOnly(0f);
  }

  @Test
  void shouldAddTheDecayToAdamsStepAndLeaveTheMomentsAlone() {
    // Given Adam and AdamW (λ 0.2) on the same parameters
    int n = 50;
    Random rnd = new Random(3);
    float[] p = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = (float) rnd.nextGaussian();
      g[i] = (float) rnd.nextGaussian();
    }
    Adam plain = new Adam(n);
    Adam adamW = new Adam(n, Adam.BETA1, Adam.BETA2, Adam.EPSILON, 0.2);
    float[] outPlain = new float[n];
    float[] outW = new float[n];

    // When each takes three steps on the same gradients from the same parameters
    for (int it = 0; it < 3; it++) {
      plain.propose(p, g, 4, it, 0.05, outPlain);
      adamW.propose(p, g, 4, it, 0.05, outW);
      plain.commit();
      adamW.commit();
    }

    // Then AdamW's proposal is Adam's minus lr·λ·θ, and both keep the same moments
    for (int i = 0; i < n; i++) {
      assertThat((double) outW[i]).as("param %d", i)
          .isCloseTo(outPlain[i] - 0.05 * 0.2 * p[i], within(1e-6));
    }
    assertThat(adamW.state()).containsExactly(plain.state());
    assertThatThrownBy(() -> new Adam(n, Adam.BETA1, Adam.BETA2, Adam.EPSILON, -0.1))
        .hasMessageStartingWith("weightDecay must be finite and >= 0");
  }

  @Test
  void shouldPullTowardTheAnchorInsteadOfZeroWhenGivenOne() {
    // Given AdamW with λ 0.5 decaying toward an anchor
    float[] anchor = {1, 0, 0.5f};
    Adam toInit = new Adam(3, Adam.BETA1, Adam.BETA2, Adam.EPSILON, 0.5, anchor);
    float[] out = new float[3];

    // When a zero gradient is proposed at lr 0.1
    toInit.propose(new float[] {1, -2, 0.25f}, new float[3], 1, 0, 0.1, out);

    // Then each parameter moves 5 % of its distance toward the anchor, which is not written
    assertThat(out).containsExactly(new float[] {1, -1.9f, 0.2625f}, within(1e-7f));
    assertThat(anchor).containsExactly(1, 0, 0.5f);
    assertThatThrownBy(() -> new Adam(2, Adam.BETA1, Adam.BETA2, Adam.EPSILON, 0.5, anchor))
        .hasMessage("anchor must hold 2 values, got 3");
  }

  private static void assertClose(float[] actual, float[] expected, double relTol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double tol = relTol * Math.abs(expected[i]) + 1e-9;
      assertThat((double) actual[i]).as("index %d", i)
          .isBetween(expected[i] - tol, expected[i] + tol);
    }
  }
}
