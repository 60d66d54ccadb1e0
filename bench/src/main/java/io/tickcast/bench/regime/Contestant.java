package io.tickcast.bench.regime;

import java.util.List;

/**
 * Something that forecasts the next return bar by bar, test-then-train: {@link #forecast} for
 * bar t is called before {@link #observe} reveals {@code r[t]}. One contestant may publish
 * several named predictions (a learner's experts and its published mix), so they share one
 * training run.
 */
interface Contestant {

  /** Names of the predictions, in the order {@link #forecast} writes them. */
  List<String> names();

  /** Writes each prediction's mean and sigma of the coming return at {@code [offset + i]}. */
  void forecast(double[] mean, double[] sigma, int offset);

  /** Reveals the return of the bar just closed. */
  void observe(double r);
}
