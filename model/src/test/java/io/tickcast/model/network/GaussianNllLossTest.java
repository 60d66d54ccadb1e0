package io.tickcast.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ModelTestBase;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianNllLossTest extends ModelTestBase {

  private final GaussianNllLoss loss = new GaussianNllLoss();

  private static INDArray matrix(double[][] values) {
    return Nd4j.create(values).castTo(DataType.DOUBLE);
  }

  @Test
  void shouldComputeGaussianNllPerExample() {
    // Given y = 1, mu = 0.5, s = ln 2
    INDArray labels = matrix(new double[][] {{1, 0}, {0, 0}});
    INDArray pre = matrix(new double[][] {{0.5, Math.log(2)}, {0, 0}});

    // When scored
    INDArray perExample = loss.computeScoreArray(labels, pre, new ActivationIdentity(), null);

    // Then loss = ½ (y − mu)² / σ² + ln σ
    assertThat(perExample.getDouble(0, 0))
        .isCloseTo(0.5 * 0.25 / 4 + Math.log(2), within(1e-12));
    assertThat(perExample.getDouble(1, 0)).isCloseTo(0, within(1e-12));
    double sum = perExample.sumNumber().doubleValue();
    assertThat(loss.computeScore(labels, pre, new ActivationIdentity(), null, false))
        .isCloseTo(sum, within(1e-12));
    assertThat(loss.computeScore(labels, pre, new ActivationIdentity(), null, true))
        .isCloseTo(sum / 2, within(1e-12));
  }

  @Test
  void shouldMatchNumericalGradientOfTheSummedLoss() {
    // Given random outputs and targets in double precision
    Random rnd = new Random(5);
    double[][] pre = new double[6][2];
    double[][] lab = new double[6][2];
    for (int i = 0; i < 6; i++) {
      pre[i][0] = rnd.nextGaussian();
      pre[i][1] = 0.5 * rnd.nextGaussian();
      lab[i][0] = rnd.nextGaussian();
    }
    INDArray labels = matrix(lab);
    INDArray analytic = loss.computeGradient(labels, matrix(pre), new ActivationIdentity(), null);

    // Then each entry equals a central finite difference of the SUMMED (not averaged) loss
    double eps = 1e-6;
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 2; j++) {
        double[][] plus = copy(pre);
        double[][] minus = copy(pre);
        plus[i][j] += eps;
        minus[i][j] -= eps;
        double numeric = (loss.computeScore(labels, matrix(plus), new ActivationIdentity(), null,
            false) - loss.computeScore(labels, matrix(minus), new ActivationIdentity(), null,
            false)) / (2 * eps);
        assertThat(analytic.getDouble(i, j)).as("d/dpre[%d][%d]", i, j)
            .isCloseTo(numeric, within(1e-6));
      }
    }
  }

  @Test
  void shouldClampLogSigmaAndStillPullItBack() {
    // Given a log-sigma far above the clamp
    INDArray labels = matrix(new double[][] {{0, 0}});
    INDArray pre = matrix(new double[][] {{0, 50}});

    // Then the score is finite (uses s = 7) and the gradient pushes s down
    double score = loss.computeScore(labels, pre, new ActivationIdentity(), null, true);
    assertThat(score).isCloseTo(GaussianNllLoss.LOG_SIGMA_CLAMP, within(1e-12));
    INDArray grad = loss.computeGradient(labels, pre, new ActivationIdentity(), null);
    assertThat(grad.getDouble(0, 1)).isPositive();
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
