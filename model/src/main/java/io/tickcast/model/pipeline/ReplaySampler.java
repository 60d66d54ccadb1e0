package io.tickcast.model.pipeline;

/**
 * The replay draw of a step (issue 10): the newest labelled sequence (age 0) always, the other
 * {@code B − 1} drawn with replacement from ages {@code 0 .. window−1} with probability ∝
 * {@code 2^(−age/halfLife)}. The generator is a SplitMix64 seeded per step by the caller, so the
 * draw is a pure function of (seed, step id): nothing to persist, and a restored pipeline draws
 * the same batches. Stateless and thread-safe.
 */
public final class ReplaySampler {

  private ReplaySampler() {}

  /**
   * Fills {@code ages[0 .. batch)}.
   *
   * @param window labelled sequences eligible (≥ 1)
   */
  public static void sample(int batch, int window, double halfLife, long seed, int[] ages) {
    if (window < 1) {
      throw new IllegalArgumentException("no labelled sequence to replay");
    }
    ages[0] = 0;
    // Truncated geometric on 0..window-1 by inversion: P(age) ∝ q^age, q = 2^(-1/halfLife).
    double q = Math.pow(0.5, 1 / halfLife);
    double mass = 1 - Math.pow(q, window);
    long state = seed;
    for (int i = 1; i < batch; i++) {
      state += 0x9E3779B97F4A7C15L;
      double u = (mix(state) >>> 11) * 0x1.0p-53;
      int age = (int) Math.floor(Math.log(1 - u * mass) / Math.log(q));
      ages[i] = Math.max(0, Math.min(window - 1, age));
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
