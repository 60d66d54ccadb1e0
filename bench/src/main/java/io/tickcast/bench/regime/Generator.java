package io.tickcast.bench.regime;

/**
 * A seeded generator of return series with a known oracle ({@link Series}): the suite's tuning
 * kinds ({@link Kind}) and the held-out kinds no default was chosen on ({@link HeldOut}).
 */
interface Generator {

  /** The name the {@code --kinds} option and the tables use. */
  String name();

  /**
   * Generates {@code 3 × perRegime} bars, three regimes.
   *
   * @param jitter redraw the coefficients per seed (seeds 2 and up)
   */
  Series generate(long seed, int perRegime, boolean jitter);

  /**
   * True when regimes 2 and 3 start with an abrupt change, so recovery after it means
   * something; false for a continuous drift or a series with no signal.
   */
  default boolean abrupt() {
    return true;
  }
}
