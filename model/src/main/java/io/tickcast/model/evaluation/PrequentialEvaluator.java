package io.tickcast.model.evaluation;

import io.tickcast.model.Score;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Scores forecasts against realised log returns with windowed metrics ({@link ErrorSums} over an
 * exponential window of about {@code window} forecasts): the model against the naive
 * zero-return forecast and the {@link EwmaBaseline}. The skill gate reads {@link #skill()} and
 * {@link #scored()}.
 *
 * <p>Before the redesign the window was stored whole (500 × 20 bytes rewritten on every bar);
 * the decayed sums weigh recent forecasts like a window of the same length and persist in 104
 * bytes. Not thread-safe.
 */
public final class PrequentialEvaluator {

  private final int window;
  private final ErrorSums sums;

  public PrequentialEvaluator(int window) {
    this(window, ErrorSums.windowed(window));
  }

  private PrequentialEvaluator(int window, ErrorSums sums) {
    this.window = window;
    this.sums = sums;
  }

  /** Scores one forecast against the realised return {@code r}; returns the updated metrics. */
  public Score score(double r, double modelReturn, double modelSig, double ewmaReturn,
      double ewmaSig) {
    sums.add(r, modelReturn, modelSig, ewmaReturn, ewmaSig);
    return sums.score(r, modelReturn, modelSig, ewmaReturn, ewmaSig, scored());
  }

  /** {@code ln σ² + r²/σ²} with σ² floored ({@link ErrorSums#qlike}). */
  public static double qlike(double sigma, double r) {
    return ErrorSums.qlike(sigma, r);
  }

  /** Windowed skill as of the last score (0 before any). */
  public double skill() {
    return sums.skill();
  }

  /** Forecasts scored, capped at the window length: what the gate's minimum count reads. */
  public int scored() {
    return (int) Math.min(sums.count(), window);
  }

  public int window() {
    return window;
  }

  public void writeTo(DataOutput out) throws IOException {
    sums.writeTo(out);
  }

  public static PrequentialEvaluator readFrom(DataInput in, int window) throws IOException {
    return new PrequentialEvaluator(window, ErrorSums.readFrom(in, 1 - 1.0 / window));
  }

  /**
   * Reads the release-1 layout (the whole window, oldest first) and replays it into decayed sums:
   * the migration of state written by 239a6ee.
   */
  public static PrequentialEvaluator readVersion1(DataInput in, int window) throws IOException {
    int w = in.readInt();
    int n = in.readInt();
    if (w < 1 || n < 0 || n > w) {
      throw new IOException("evaluator window " + w + " size " + n + " invalid");
    }
    in.readDouble(); // the stored skill: derivable, no longer persisted
    PrequentialEvaluator e = new PrequentialEvaluator(window);
    for (int k = 0; k < n; k++) {
      double a = in.readFloat();
      double m = in.readFloat();
      double ms = in.readFloat();
      double ew = in.readFloat();
      double es = in.readFloat();
      if (!(Double.isFinite(a) && Double.isFinite(m) && Double.isFinite(ms) && Double.isFinite(ew)
          && Double.isFinite(es))) {
        throw new IOException("non-finite evaluator value");
      }
      e.sums.add(a, m, ms, ew, es);
    }
    return e;
  }
}
