package io.tickcast.bench.regime;

/**
 * Knobs of the prototype online learner ({@link OnlineLstm}); every one is swept by the suite.
 *
 * @param seqLength T, bars per sequence
 * @param hidden H, LSTM units
 * @param batch B, sequences per optimizer step (gradient noise)
 * @param every k, bars between optimizer steps (update frequency)
 * @param window W, labelled sequences in the replay window (memory)
 * @param recency half-life in sequences of the replay's recency weights
 * @param lr Adam learning rate
 * @param residual the LSTM models the RLS residual (true) or the return itself (false)
 * @param drift drift signal: "ph" (Page-Hinkley on the LSTM's standardised error), "noise"
 *     (noise-scale collapse), "both", or "none"
 * @param boost learning-rate multiplier right after an alarm (1 = off)
 * @param boostHalfLife half-life of the boost in bars
 * @param resetMoments reset Adam's moments on an alarm
 * @param shortWindow replay horizon right after an alarm (≥ W = off)
 * @param mixEta learning rate of the expert aggregation
 * @param mixDiscount discount γ of the aggregation (horizon 1/(1−γ) bars)
 * @param mixShare fixed-share ε of the aggregation; 0 = discounted exponential weights instead
 * @param seed weight-init and replay seed
 */
record LearnerConfig(int seqLength, int hidden, int batch, int every, int window, double recency,
    double lr, boolean residual, String drift, double boost, double boostHalfLife,
    boolean resetMoments, int shortWindow, double mixEta, double mixDiscount, double mixShare,
    long seed) {

  /** The defaults chosen by the sweep (see the notes / bench README regime section). */
  static LearnerConfig defaults() {
    return new LearnerConfig(16, 16, 16, 4, 256, 64, 3e-3, true, "ph", 3, 50, true, 32, 0.25,
        0.98, 0.001, 42);
  }

  LearnerConfig withBatch(int v) {
    return new LearnerConfig(seqLength, hidden, v, every, window, recency, lr, residual, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withEvery(int v) {
    return new LearnerConfig(seqLength, hidden, batch, v, window, recency, lr, residual, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withWindow(int v) {
    return new LearnerConfig(seqLength, hidden, batch, every, v, recency, lr, residual, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withLr(double v) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, v, residual, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withResidual(boolean v) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, lr, v, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  /** Drift response: signal, boost, moment reset, short window. */
  LearnerConfig withDrift(String signal, double b, boolean reset, int shortW) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, lr, residual,
        signal, b, boostHalfLife, reset, shortW, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withMix(double eta, double discount) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, lr, residual,
        drift, boost, boostHalfLife, resetMoments, shortWindow, eta, discount, mixShare, seed);
  }

  LearnerConfig withShare(double eta, double share) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, lr, residual,
        drift, boost, boostHalfLife, resetMoments, shortWindow, eta, mixDiscount, share, seed);
  }

  LearnerConfig withRecency(double v) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, v, lr, residual, drift,
        boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withShape(int t, int h) {
    return new LearnerConfig(t, h, batch, every, window, recency, lr, residual, drift, boost,
        boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, seed);
  }

  LearnerConfig withSeed(long v) {
    return new LearnerConfig(seqLength, hidden, batch, every, window, recency, lr, residual,
        drift, boost, boostHalfLife, resetMoments, shortWindow, mixEta, mixDiscount, mixShare, v);
  }

  /** Short label for tables: only what differs from the defaults. */
  String label() {
    LearnerConfig d = defaults();
    StringBuilder sb = new StringBuilder();
    if (batch != d.batch) {
      sb.append(" B=").append(batch);
    }
    if (every != d.every) {
      sb.append(" k=").append(every);
    }
    if (window != d.window) {
      sb.append(" W=").append(window);
    }
    if (lr != d.lr) {
      sb.append(" lr=").append(lr);
    }
    if (residual != d.residual) {
      sb.append(residual ? " residual" : " expert");
    }
    if (!drift.equals(d.drift) || boost != d.boost || resetMoments != d.resetMoments
        || shortWindow != d.shortWindow) {
      sb.append(" drift=").append(drift).append("/x").append(boost)
          .append(resetMoments ? "/reset" : "").append("/w").append(shortWindow);
    }
    if (mixEta != d.mixEta || mixDiscount != d.mixDiscount || mixShare != d.mixShare) {
      sb.append(" mix=").append(mixEta).append('/')
          .append(mixShare > 0 ? "share" + mixShare : mixDiscount);
    }
    if (recency != d.recency) {
      sb.append(" rec=").append(recency);
    }
    if (seqLength != d.seqLength || hidden != d.hidden) {
      sb.append(" T=").append(seqLength).append(" H=").append(hidden);
    }
    return sb.length() == 0 ? "default" : sb.substring(1);
  }
}
