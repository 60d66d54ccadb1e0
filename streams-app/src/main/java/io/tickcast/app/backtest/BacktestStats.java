package io.tickcast.app.backtest;

import io.tickcast.model.BarResult;
import io.tickcast.model.Score;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.evaluation.ErrorSums;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-sample metrics of one symbol (or all) of a {@link Backtest}, over every scored forecast:
 * the same {@link ErrorSums} accumulator the stream's windowed metrics use, cumulative (decay 1).
 * Not thread-safe: filled by the backtest's one thread, read after it.
 */
public final class BacktestStats {
  /** Model, naive and EWMA against the realised returns. */
  final ErrorSums errors = new ErrorSums(1.0);
  /** What users received (model while the gate was open, else naive) against the same. */
  final ErrorSums published = new ErrorSums(1.0);
  long publishedFromModel;
  long updates;
  long skipped;
  long drifts;
  double lossSum;
  double noiseScaleSum;
  long noiseScaleCount;
  long batchSum;
  final List<Long> recoveries = new ArrayList<>();
  long rollbacks;
  long catchUpSteps;
  long headRefits;
  long headRefitsRefused;
  double lastLr;
  final List<Long> stepNanos = new ArrayList<>();

  void score(Score s, Forecast pub) {
    errors.add(s.actualReturn(), s.modelReturn(), s.modelSigma(), s.ewmaReturn(), s.ewmaSigma());
    published.add(s.actualReturn(), pub.predictedReturn(), pub.sigma(), s.ewmaReturn(),
        s.ewmaSigma());
    if (pub.source() == Forecast.Source.MODEL) {
      publishedFromModel++;
    }
  }

  /**
   * The catch-up of a bar (issue 10): its steps in {@code updates} and {@code rollbacks} like
   * the regular ones (as the stream's counters), also counted apart; its head refits, which are
   * not optimizer steps, apart only (applied and refused); the loss and batch means stay over
   * the regular steps.
   */
  void extra(BarResult.ExtraSteps e) {
    catchUpSteps += e.applied();
    rollbacks += e.rolledBack();
    headRefits += e.refits();
    headRefitsRefused += e.refitsRefused();
  }

  void update(TrainingStep step, boolean rolledBack) {
    stepNanos.add(step.nanos());
    if (!rolledBack && !step.skipped()) {
      lossSum += step.loss();
      if (step.noiseScale() > 0) {
        noiseScaleSum += step.noiseScale();
        noiseScaleCount++;
      }
      batchSum += step.batchSize();
    }
    lastLr = step.learningRate();
    if (rolledBack) {
      rollbacks++;
    } else if (step.skipped()) {
      skipped++;
    } else {
      updates++;
    }
  }

  public long n() {
    return errors.count();
  }

  public double mseModel() {
    return errors.mseModel();
  }

  public double mseNaive() {
    return errors.mseNaive();
  }

  public double mseEwma() {
    return errors.mseEwma();
  }

  /** {@code 1 - MSE_model / MSE_naive} over the whole sample. */
  public double skill() {
    return errors.skill();
  }

  /** Applied optimizer steps, the catch-up's extra ones included (as the stream counts them). */
  public long updates() {
    return updates + catchUpSteps;
  }

  public double qlikeModel() {
    return errors.qlikeModel();
  }

  public long drifts() {
    return drifts;
  }

  public List<Long> recoveries() {
    return recoveries;
  }

  public double meanLoss() {
    return updates == 0 ? 0 : lossSum / updates;
  }

  public double meanNoiseScale() {
    return noiseScaleCount == 0 ? 0 : noiseScaleSum / noiseScaleCount;
  }

  public double trainMsP50() {
    return percentileMs(0.5);
  }

  public double skillPublished() {
    return published.skill();
  }

  double percentileMs(double p) {
    return Percentiles.of(stepNanos, p) / 1e6;
  }

  Map<String, Object> toMap() {
    long n = n();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("mse_model", finite(mseModel()));
    m.put("mse_naive", finite(mseNaive()));
    m.put("mse_ewma", finite(mseEwma()));
    m.put("skill", finite(skill()));
    m.put("skill_ewma", finite(mseNaive() == 0 ? 0 : 1 - mseEwma() / mseNaive()));
    m.put("skill_published", finite(skillPublished()));
    m.put("model_share", n == 0 ? 0 : (double) publishedFromModel / n);
    m.put("mae_model", finite(errors.maeModel()));
    m.put("dir_acc", finite(errors.directionalAccuracy()));
    m.put("qlike_model", finite(errors.qlikeModel()));
    m.put("qlike_ewma", finite(errors.qlikeEwma()));
    m.put("drifts", drifts);
    m.put("recoveries", recoveries.size());
    m.put("recovery_bars_median", Percentiles.median(recoveries));
    m.put("mean_loss", finite(meanLoss()));
    m.put("mean_b_simple", finite(meanNoiseScale()));
    m.put("mean_batch_size", updates == 0 ? 0 : (double) batchSum / updates);
    m.put("updates", updates());
    m.put("skipped_steps", skipped);
    m.put("catch_up_steps", catchUpSteps);
    m.put("head_refits", headRefits);
    m.put("head_refits_refused", headRefitsRefused);
    m.put("rollbacks", rollbacks);
    m.put("train_ms_p50", percentileMs(0.5));
    m.put("train_ms_p99", percentileMs(0.99));
    return m;
  }

  /** JSON has no NaN: a non-finite metric is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
