package io.tickcast.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@link AdamStep} against DL4J's own updater on identical networks and gradients. */
class AdamStepTest extends ModelTestBase {

  @Test
  void shouldReproduceDl4jsUpdaterIncludingWarmUpAndBiasCorrection() {
    // Given two identical networks (warm-up over 5 updates, lr 1e-2) and a run of gradients
    ForecasterConfig cfg = new ForecasterConfig(6, 5, 8, 8, 1e-2, 5, 1.0, 2, 200.0, 200, 0.0,
        20, 0.05, 0.94, SEED);
    MultiLayerNetwork reference = LstmNetworkFactory.create(cfg);
    MultiLayerNetwork candidate = LstmNetworkFactory.create(cfg);
    candidate.initGradientsView();
    reference.initGradientsView();
    AdamStep adam = AdamStep.bind(candidate);
    assertThat(adam).isNotNull();
    BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) reference.getUpdater();
    int n = Math.toIntExact(reference.numParams());
    Random rnd = new Random(9);

    // When 8 updates (through warm-up and beyond) are applied by each, at iterations 0..7
    for (int it = 0; it < 8; it++) {
      int batch = 1 + rnd.nextInt(16);
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = (float) (batch * rnd.nextGaussian() * (i % 7 == 0 ? 1e-3 : 1));
      }
      INDArray view = reference.getFlattenedGradients();
      view.assign(Nd4j.createFromArray(g).reshape(view.shape()));
      updater.update(new DefaultGradient(view), it, 0, batch, LayerWorkspaceMgr.noWorkspaces());
      reference.params().subi(view.reshape(reference.params().shape()));
      assertThat(adam.apply(g, batch, it, 0)).isTrue();
    }

    // Then parameters and the [m | v] state agree to float rounding
    assertClose(candidate.params().toFloatVector(), reference.params().toFloatVector(), 1e-6);
    float[] stateC = candidate.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector();
    float[] stateR = reference.getUpdater().getStateViewArray().dup().reshape(-1).toFloatVector();
    assertClose(stateC, stateR, 1e-6);
    assertThat(stateR).hasSize(2 * n);
  }

  @Test
  void shouldBindToTheProductionNetwork() {
    MultiLayerNetwork net = LstmNetworkFactory.create(ForecasterConfig.defaults());
    assertThat(AdamStep.bind(net)).isNotNull();
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
