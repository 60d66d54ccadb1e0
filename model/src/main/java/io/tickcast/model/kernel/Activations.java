package io.tickcast.model.kernel;

/**
 * In-place float32 tanh and logistic sigmoid over array ranges, written so HotSpot C2
 * vectorises them (no calls, no branches: {@code Math.exp} is an intrinsic but never
 * vectorised, and costs ~5 ns per element, more than the whole matrix product per element).
 *
 * <p>tanh is a rational minimax approximation {@code x·P(x²)/Q(x²)} of degree (9, 8) fitted to
 * the relative error of tanh on {@code [0, 8.7]} (1.5e-8 in exact arithmetic, about 3e-7 when
 * evaluated in float; Java's own float-rounded tanh is within 6e-8); beyond ±8.7 tanh rounds to
 * ±1 in float, so the input is clamped there and the result to [-1, 1]. The sigmoid is
 * {@code ½ + ½·tanh(x/2)}, so its absolute error is below 2e-7. Stateless.
 */
public final class Activations {

  private static final float CLAMP = 8.7f;
  private static final float P0 = 0.9999999852004291f;
  private static final float P1 = 0.1340048403275313f;
  private static final float P2 = 0.0035187645094692343f;
  private static final float P3 = 2.099416259425651e-05f;
  private static final float P4 = 1.3898068557116616e-08f;
  private static final float Q1 = 0.46733804276305413f;
  private static final float Q2 = 0.025964972217035066f;
  private static final float Q3 = 0.0003323681202617358f;
  private static final float Q4 = 7.996710916224892e-07f;

  private Activations() {}

  /** tanh of one value (same arithmetic as the array form). */
  public static float tanh(float z) {
    float x = Math.max(-CLAMP, Math.min(CLAMP, z));
    float u = x * x;
    float p = (((P4 * u + P3) * u + P2) * u + P1) * u + P0;
    float q = (((Q4 * u + Q3) * u + Q2) * u + Q1) * u + 1f;
    return Math.max(-1f, Math.min(1f, x * p / q));
  }

  /** Logistic sigmoid of one value (same arithmetic as the array form). */
  public static float sigmoid(float z) {
    return 0.5f + 0.5f * tanh(0.5f * z);
  }

  /** {@code a[i] = tanh(a[i])} for {@code from <= i < to}. */
  public static void tanh(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      float x = Math.max(-CLAMP, Math.min(CLAMP, a[i]));
      float u = x * x;
      float p = (((P4 * u + P3) * u + P2) * u + P1) * u + P0;
      float q = (((Q4 * u + Q3) * u + Q2) * u + Q1) * u + 1f;
      a[i] = Math.max(-1f, Math.min(1f, x * p / q));
    }
  }

  /** {@code a[i] = 1 / (1 + e^-a[i])} for {@code from <= i < to}. */
  public static void sigmoid(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      float x = Math.max(-CLAMP, Math.min(CLAMP, 0.5f * a[i]));
      float u = x * x;
      float p = (((P4 * u + P3) * u + P2) * u + P1) * u + P0;
      float q = (((Q4 * u + Q3) * u + Q2) * u + Q1) * u + 1f;
      a[i] = 0.5f + 0.5f * Math.max(-1f, Math.min(1f, x * p / q));
    }
  }
}
