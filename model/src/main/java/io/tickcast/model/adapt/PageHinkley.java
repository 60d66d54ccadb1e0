package io.tickcast.model.adapt;

/**
 * Page-Hinkley test for an increase in the mean of a stream (Page 1954; Hinkley 1971).
 *
 * <p>With {@code x̄_t} the running mean, {@code m_t = Σ (x_i − x̄_i − δ)} and {@code M_t = min m},
 * an alarm is raised when {@code m_t − M_t > λ}. {@code δ} is the magnitude of change that is
 * tolerated (in units of x), {@code λ} trades detection delay against false alarms: for a mean
 * shift of size {@code s > δ} the expected delay is about {@code λ / (s − δ)} observations. After
 * an alarm the test restarts from scratch, so it then learns the new regime's mean. Inputs should
 * be bounded (the caller clips), because a single huge value would otherwise trip it.
 *
 * <p>Small mutable state, persisted by the caller; not thread-safe.
 */
public final class PageHinkley {

  private final double delta;
  private final double lambda;
  private final int minSamples;
  private long n;
  private double mean;
  private double cumulative;
  private double minimum;

  /**
   * @param delta tolerated mean change, >= 0
   * @param lambda alarm threshold, > 0
   * @param minSamples observations after a (re)start before an alarm is possible
   */
  public PageHinkley(double delta, double lambda, int minSamples) {
    if (!(delta >= 0) || !(lambda > 0) || minSamples < 1) {
      throw new IllegalArgumentException("PageHinkley needs delta >= 0, lambda > 0, minSamples >= 1");
    }
    this.delta = delta;
    this.lambda = lambda;
    this.minSamples = minSamples;
  }

  /** Restores the running state (see {@link #state()}). */
  public void restore(double[] state) {
    if (state.length != 4) {
      throw new IllegalArgumentException("PageHinkley state has 4 values, got " + state.length);
    }
    restore((long) state[0], state[1], state[2], state[3]);
  }

  /** Restores the running state from its four values, without an array (a per-bar caller). */
  public void restore(long n, double mean, double cumulative, double minimum) {
    this.n = n;
    this.mean = mean;
    this.cumulative = cumulative;
    this.minimum = minimum;
  }

  /** {n, mean, cumulative, minimum}. */
  public double[] state() {
    return new double[] {n, mean, cumulative, minimum};
  }

  /**
   * Adds one observation.
   *
   * @return true when this observation raised an alarm (the test has then restarted)
   */
  public boolean add(double x) {
    if (!Double.isFinite(x)) {
      return false;
    }
    n++;
    mean += (x - mean) / n;
    cumulative += x - mean - delta;
    minimum = Math.min(minimum, cumulative);
    if (n >= minSamples && cumulative - minimum > lambda) {
      reset();
      return true;
    }
    return false;
  }

  /** Current test statistic {@code m_t − M_t}. */
  public double statistic() {
    return cumulative - minimum;
  }

  public long samples() {
    return n;
  }

  /** The running mean x̄ of the observations since the last (re)start. */
  public double mean() {
    return mean;
  }

  /** Forgets everything. */
  public void reset() {
    n = 0;
    mean = 0;
    cumulative = 0;
    minimum = 0;
  }
}
