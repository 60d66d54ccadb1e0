package io.tickcast.model.kernel;

import java.util.Arrays;

/**
 * The dense 2-unit identity head {@code (mu, ln σ)} on the last hidden state of
 * {@link LstmKernel}: its parameters, its forward pass, the {@link GaussianNll} loss with its
 * derivative, and the head's gradient accumulators (DL4J's 'f'-order {@code [H, 2]} weights, so
 * each output's column is contiguous). Owned by one kernel; not thread-safe.
 */
final class DenseHead {

  private final int hidden;
  private final float[] wMu;
  private final float[] wSigma;
  private float bMu;
  private float bSigma;
  private final float[] gWMu;
  private final float[] gWSigma;
  private float gBMu;
  private float gBSigma;

  DenseHead(int hidden) {
    this.hidden = hidden;
    this.wMu = new float[hidden];
    this.wSigma = new float[hidden];
    this.gWMu = new float[hidden];
    this.gWSigma = new float[hidden];
  }

  /** Loads the head's weights at {@code offW} and biases at {@code offB} of the flat layout. */
  void load(float[] flat, int offW, int offB) {
    System.arraycopy(flat, offW, wMu, 0, hidden);
    System.arraycopy(flat, offW + hidden, wSigma, 0, hidden);
    bMu = flat[offB];
    bSigma = flat[offB + 1];
  }

  /** Writes the accumulated gradient into the flat layout. */
  void unpack(float[] grad, int offW, int offB) {
    System.arraycopy(gWMu, 0, grad, offW, hidden);
    System.arraycopy(gWSigma, 0, grad, offW + hidden, hidden);
    grad[offB] = gBMu;
    grad[offB + 1] = gBSigma;
  }

  /** Raw outputs of one example into {@code out[i]} (mu) and {@code out[i + 1]} (ln σ). */
  void output(float[] hT, float[] out, int i) {
    float mu = 0;
    float ls = 0;
    for (int k = 0; k < hidden; k++) {
      mu += hT[k] * wMu[k];
      ls += hT[k] * wSigma[k];
    }
    out[i] = mu + bMu;
    out[i + 1] = ls + bSigma;
  }

  /** Zeroes the gradient accumulators before a batch. */
  void clearGradients() {
    Arrays.fill(gWMu, 0f);
    Arrays.fill(gWSigma, 0f);
    gBMu = 0;
    gBSigma = 0;
  }

  /**
   * Loss of one example with raw outputs {@code out[i]}, {@code out[i + 1]} and label {@code y};
   * adds the head's gradient and writes dL/dh_T into {@code dh}.
   */
  double backward(float[] out, int i, double y, float[] hT, float[] dh) {
    double mu = out[i];
    double s = GaussianNll.clampLogSigma(out[i + 1]);
    double diff = y - mu;
    double inv = Math.exp(-2 * s);
    final float eMu = (float) (-diff * inv);
    final float eSigma = (float) (1 - diff * diff * inv);
    gBMu += eMu;
    gBSigma += eSigma;
    for (int k = 0; k < hidden; k++) {
      gWMu[k] += hT[k] * eMu;
      gWSigma[k] += hT[k] * eSigma;
      dh[k] = eMu * wMu[k] + eSigma * wSigma[k];
    }
    return 0.5 * diff * diff * inv + s;
  }
}
