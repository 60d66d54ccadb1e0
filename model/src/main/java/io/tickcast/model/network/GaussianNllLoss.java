package io.tickcast.model.network;

import io.tickcast.model.kernel.GaussianNll;
import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Gaussian negative log-likelihood (up to the constant {@code ½ ln 2π}) for a two-unit output
 * {@code (mu, s)} with {@code s = ln σ}:
 *
 * <pre>  loss = ½ (y − mu)² e^(−2s) + s</pre>
 *
 * <p>The DL4J adapter of {@link GaussianNll} (the reference backend and the exported network use
 * it). Labels are {@code [B, 2]} here only because DL4J's output layer wants labels shaped like
 * its output: column 0 is the target, column 1 is ignored; tickcast's own labels are {@code [B]}. {@code s} is clamped to
 * {@code [−LOG_SIGMA_CLAMP, LOG_SIGMA_CLAMP]} for stability; the gradient with respect to
 * {@code s} is evaluated at the clamped value and passed straight through, so a pre-activation
 * that wandered outside the range is still pulled back instead of receiving a zero gradient.
 *
 * <p>Following DL4J's convention the gradient is per example and NOT divided by the minibatch size
 * (the updater divides); {@link #computeScore} with {@code average=true} returns the mean.
 * The arithmetic is done in Java doubles: the arrays are {@code [B, 2]}, far too small for native
 * ops to pay for their call overhead. Stateless and thread-safe.
 */
public final class GaussianNllLoss implements ILossFunction {

  private static final long serialVersionUID = 1L;

  /** Bound on {@code |ln σ|}: {@link GaussianNll#LOG_SIGMA_CLAMP}. */
  public static final double LOG_SIGMA_CLAMP = GaussianNll.LOG_SIGMA_CLAMP;

  /** {@link GaussianNll#clampLogSigma}. */
  public static double clampLogSigma(double s) {
    return GaussianNll.clampLogSigma(s);
  }

  @Override
  public double computeScore(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    double[] perExample = scores(labels, preOutput, activationFn, mask);
    double sum = 0;
    for (double v : perExample) {
      sum += v;
    }
    return average ? sum / perExample.length : sum;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[] perExample = scores(labels, preOutput, activationFn, mask);
    return Nd4j.createFromArray(perExample).reshape(perExample.length, 1)
        .castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray output = activationFn.getActivation(preOutput.dup(), true);
    double[][] out = output.toDoubleMatrix();
    double[] y = targets(labels, out.length);
    double[] m = maskValues(mask, out.length);
    double[][] dLdOut = new double[out.length][2];
    for (int i = 0; i < out.length; i++) {
      double s = clampLogSigma(out[i][1]);
      double diff = y[i] - out[i][0];
      double inv = Math.exp(-2 * s);
      dLdOut[i][0] = -diff * inv * m[i];
      dLdOut[i][1] = (1 - diff * diff * inv) * m[i];
    }
    INDArray eps = Nd4j.create(dLdOut).castTo(preOutput.dataType());
    return activationFn.backprop(preOutput.dup(), eps).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "GaussianNLL";
  }

  @Override
  public String toString() {
    return "GaussianNllLoss(logSigmaClamp=" + LOG_SIGMA_CLAMP + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GaussianNllLoss;
  }

  @Override
  public int hashCode() {
    return GaussianNllLoss.class.hashCode();
  }

  /** {@link GaussianNll#nll}. */
  public static double nll(double y, double mu, double logSigma) {
    return GaussianNll.nll(y, mu, logSigma);
  }

  private static double[] scores(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray output = activationFn.getActivation(preOutput.dup(), false);
    double[][] out = output.toDoubleMatrix();
    double[] y = targets(labels, out.length);
    double[] m = maskValues(mask, out.length);
    double[] result = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      result[i] = nll(y[i], out[i][0], out[i][1]) * m[i];
    }
    return result;
  }

  private static double[] targets(INDArray labels, int rows) {
    if (labels.rank() != 2 || labels.size(0) != rows || labels.size(1) < 1) {
      throw new IllegalArgumentException(
          "labels must be [" + rows + ", 2], was " + Arrays.toString(labels.shape()));
    }
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = labels.getDouble(i, 0);
    }
    return y;
  }

  /** Per-example mask weights (column 0 of a [B, 1] or [B, 2] mask), all ones when absent. */
  private static double[] maskValues(INDArray mask, int rows) {
    double[] m = new double[rows];
    if (mask == null) {
      Arrays.fill(m, 1.0);
      return m;
    }
    for (int i = 0; i < rows; i++) {
      m[i] = mask.rank() == 1 ? mask.getDouble(i) : mask.getDouble(i, 0);
    }
    return m;
  }
}
