package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.Score;
import io.tickcast.model.evaluation.EwmaBaseline;
import io.tickcast.model.evaluation.PrequentialEvaluator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Evaluation, one part of a symbol's pipeline: the {@link Prediction} awaiting its target, the
 * windowed {@link PrequentialEvaluator} and the {@link EwmaBaseline} it is compared with. Also
 * the skill gate: whether the model's numbers may be published. Not thread-safe.
 */
public final class Scorer {

  /** Pending-prediction flags of {@link #writeTo}: none, all four numbers, model's two only. */
  static final int PENDING_NONE = 0;
  static final int PENDING_FULL = 1;
  static final int PENDING_FROM_BASELINE = 2;

  private final ForecasterConfig cfg;
  private final PrequentialEvaluator evaluator;
  private final EwmaBaseline baseline;
  private Prediction pending;

  private Scorer(ForecasterConfig cfg, PrequentialEvaluator evaluator, EwmaBaseline baseline,
      Prediction pending) {
    this.cfg = cfg;
    this.evaluator = evaluator;
    this.baseline = baseline;
    this.pending = pending;
  }

  public static Scorer fresh(ForecasterConfig cfg) {
    return new Scorer(cfg, new PrequentialEvaluator(cfg.evalWindow()),
        new EwmaBaseline(cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda()), null);
  }

  /** The prediction awaiting its target, or null. */
  public Prediction pending() {
    return pending;
  }

  /** Scores the pending prediction against {@code r} and clears it; null when there was none. */
  public Score score(double r) {
    Prediction p = pending;
    if (p == null) {
      return null;
    }
    pending = null;
    return evaluator.score(r, p.modelReturn(), p.modelSigma(), p.ewmaReturn(), p.ewmaSigma());
  }

  /** Folds the realised return into the baseline. */
  public void observe(double r) {
    baseline.update(r);
  }

  /** Keeps {@code p} until the next bar's return scores it. */
  public void expect(Prediction p) {
    pending = p;
  }

  /** The windowed evaluation (read-only use: skill and counts for queries). */
  public PrequentialEvaluator evaluator() {
    return evaluator;
  }

  public EwmaBaseline baseline() {
    return baseline;
  }

  /**
   * Writes the part. The pending prediction's baseline numbers are normally the baseline's
   * current mean and sigma (the forecast is made right after the baseline folded in the bar), so
   * they are then not written again (flag {@value #PENDING_FROM_BASELINE}, 16 bytes less per
   * bar); otherwise the full prediction is written (flag {@value #PENDING_FULL}, the previous
   * release's layout, which is also still read).
   */
  public void writeTo(DataOutput out) throws IOException {
    evaluator.writeTo(out);
    baseline.writeTo(out);
    if (pending == null) {
      out.writeByte(PENDING_NONE);
      return;
    }
    boolean fromBaseline = pending.ewmaReturn() == baseline.mean()
        && pending.ewmaSigma() == baseline.sigma();
    out.writeByte(fromBaseline ? PENDING_FROM_BASELINE : PENDING_FULL);
    out.writeDouble(pending.modelReturn());
    out.writeDouble(pending.modelSigma());
    if (!fromBaseline) {
      out.writeDouble(pending.ewmaReturn());
      out.writeDouble(pending.ewmaSigma());
    }
  }

  public static Scorer readFrom(DataInput in, ForecasterConfig cfg) throws IOException {
    PrequentialEvaluator e = PrequentialEvaluator.readFrom(in, cfg.evalWindow());
    EwmaBaseline b = EwmaBaseline.readFrom(in, cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda());
    int flag = in.readUnsignedByte();
    Prediction p = switch (flag) {
      case PENDING_NONE -> null;
      case PENDING_FULL -> prediction(in.readDouble(), in.readDouble(), in.readDouble(),
          in.readDouble());
      case PENDING_FROM_BASELINE -> prediction(in.readDouble(), in.readDouble(), b.mean(),
          b.sigma());
      default -> throw new IOException("corrupt pending forecast flag " + flag);
    };
    return new Scorer(cfg, e, b, p);
  }

  /** The part as release 1 stored it (pending forecast, window, baseline in that order). */
  public static Scorer readVersion1(Prediction pending, DataInput in, ForecasterConfig cfg)
      throws IOException {
    PrequentialEvaluator e = PrequentialEvaluator.readVersion1(in, cfg.evalWindow());
    EwmaBaseline b = EwmaBaseline.readFrom(in, cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda());
    return new Scorer(cfg, e, b, pending);
  }

  public static Prediction prediction(double mr, double ms, double er, double es) throws IOException {
    try {
      return new Prediction(mr, ms, er, es);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt pending forecast", e);
    }
  }
}
