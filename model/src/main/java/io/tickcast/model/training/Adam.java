package io.tickcast.model.training;

import java.util.Arrays;

/**
 * Adam (Kingma &amp; Ba) with its moments as plain {@code float[]}, arithmetic identical to ND4J's
 * {@code adam_updater} op as DL4J's updater applies it (checked by {@code AdamTest} against
 * DL4J): divide the summed gradient by the batch size, then
 * <pre>
 *   m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
 *   α_t = lr · √(1 − β2^(i+1)) / (1 − β1^(i+1))
 *   θ ← θ − α_t·m / (√v + ε)
 * </pre>
 * in float32 with the op's double promotions. The persisted state is {@code [m | v]}, DL4J's
 * updater-view layout, so models written before the redesign restore unchanged.
 *
 * <p>Optional decoupled weight decay λ (AdamW, Loshchilov &amp; Hutter): the proposed parameters
 * are {@code θ·(1 − lr·λ) − α_t·m/(√v + ε)}, lr the step's learning rate without Adam's bias
 * correction. It lives in the proposal, so a step that is not committed does not decay either;
 * it adds no state. With λ = 0 the factor is exactly 1 and the update is bit-identical to Adam.
 * With an anchor θ0 the decay pulls toward θ0 instead of zero ("L2 Init", Kumar et al. 2023):
 * {@code θ − lr·λ·(θ − θ0) − α_t·m/(√v + ε)}; the anchor is read, never written.
 *
 * <p>Why Java: DL4J's {@code updater.update(...)} measured about 0.75 ms of CPU per call on this
 * network, as much as the whole kernel gradient, for ~10⁴ FLOPs. Not thread-safe.
 */
public final class Adam implements Optimizer {

  /** DL4J's defaults, which the persisted models were trained with. */
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double EPSILON = 1e-8;

  private final int n;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final double weightDecay;
  /** Decay target (the initial parameters), or null for decay toward zero. */
  private final float[] anchor;
  private final float[] m;
  private final float[] v;
  /** Staging for the convenience {@link #propose(float[], float[], int, int, double, float[])}. */
  private float[] ownStaged;

  /** Adam with DL4J's default β1, β2, ε for {@code n} parameters; zero moments. */
  public Adam(int n) {
    this(n, BETA1, BETA2, EPSILON);
  }

  /** Adam with the given decays and no weight decay. */
  public Adam(int n, double beta1, double beta2, double epsilon) {
    this(n, beta1, beta2, epsilon, 0);
  }

  /** AdamW: as above, with decoupled weight decay {@code weightDecay} (λ ≥ 0) toward zero. */
  public Adam(int n, double beta1, double beta2, double epsilon, double weightDecay) {
    this(n, beta1, beta2, epsilon, weightDecay, null);
  }

  /**
   * AdamW decaying toward {@code anchor} (n values, read only; null = toward zero).
   *
   * @throws IllegalArgumentException if λ is negative or not finite, or the anchor's length is
   *     not n
   */
  public Adam(int n, double beta1, double beta2, double epsilon, double weightDecay,
      float[] anchor) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + n);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weightDecay must be finite and >= 0, was "
          + weightDecay);
    }
    if (anchor != null && anchor.length != n) {
      throw new IllegalArgumentException("anchor must hold " + n + " values, got "
          + anchor.length);
    }
    this.weightDecay = weightDecay;
    this.anchor = anchor;
    this.n = n;
    this.beta1 = (float) beta1;
    this.beta2 = (float) beta2;
    this.eps = (float) epsilon;
    this.m = new float[n];
    this.v = new float[n];
  }

  /**
   * {@link #propose(float[], float[], int, int, double, float[], float[])} into staging this
   * instance allocates on first use (for callers without scratch of their own); {@link #commit()}
   * commits it.
   */
  public void propose(float[] params, float[] g, int batch, int iteration, double learningRate,
      float[] out) {
    if (ownStaged == null) {
      ownStaged = new float[2 * n];
    }
    propose(params, g, batch, iteration, learningRate, out, ownStaged);
  }

  /** Commits the step staged by {@link #propose(float[], float[], int, int, double, float[])}. */
  public void commit() {
    if (ownStaged == null) {
      throw new IllegalStateException("nothing proposed");
    }
    commit(ownStaged);
  }

  @Override
  public void propose(float[] params, float[] g, int batch, int iteration, double learningRate,
      float[] out, float[] staged) {
    if (staged.length < 2 * n) {
      throw new IllegalArgumentException("staging must hold " + 2 * n + " values, got "
          + staged.length);
    }
    // Scalars as the op computes them in float (T = float), with the same double promotions.
    final float lr = (float) learningRate;
    final float beta1T = (float) Math.pow(beta1, (float) iteration + 1);
    final float beta2T = (float) Math.pow(beta2, (float) iteration + 1);
    final float num = lr * (float) Math.sqrt((float) (1. - beta2T));
    float alpha = (float) (num / (1.0 - beta1T));
    if (Float.isNaN(alpha) || alpha == 0 || Float.isInfinite(alpha)) {
      alpha = eps;
    }
    final float div = batch;
    final float b1 = beta1;
    final float b2 = beta2;
    final float oneMinusBeta1 = 1 - b1;
    final float oneMinusBeta2 = 1 - b2;
    final float e = eps;
    // 1 exactly when λ = 0, so plain Adam's arithmetic is unchanged bit for bit.
    final float keep = (float) (1.0 - learningRate * weightDecay);
    final float pull = (float) (learningRate * weightDecay);
    final float[] a = anchor;
    final float[] mm = m;
    final float[] vv = v;
    final int nn = n;
    for (int i = 0; i < nn; i++) {
      float gi = g[i] / div;
      float mi = b1 * mm[i] + gi * oneMinusBeta1;
      float vi = b2 * vv[i] + gi * gi * oneMinusBeta2;
      staged[i] = mi;
      staged[nn + i] = vi;
      float decayed = params[i] * keep;
      if (a != null) {
        decayed += pull * a[i];
      }
      out[i] = decayed - (mi * alpha) / ((float) Math.sqrt(vi) + e);
    }
  }

  @Override
  public void commit(float[] staged) {
    System.arraycopy(staged, 0, m, 0, n);
    System.arraycopy(staged, n, v, 0, n);
  }

  @Override
  public float[] state() {
    float[] s = new float[2 * n];
    System.arraycopy(m, 0, s, 0, n);
    System.arraycopy(v, 0, s, n, n);
    return s;
  }

  @Override
  public int stateLength() {
    return 2 * n;
  }

  @Override
  public void restore(float[] state) {
    if (state.length != 2 * n) {
      throw new IllegalArgumentException(
          "Adam state must hold " + 2 * n + " values, got " + state.length);
    }
    System.arraycopy(state, 0, m, 0, n);
    System.arraycopy(state, n, v, 0, n);
  }

  @Override
  public void reset() {
    Arrays.fill(m, 0f);
    Arrays.fill(v, 0f);
  }
}
