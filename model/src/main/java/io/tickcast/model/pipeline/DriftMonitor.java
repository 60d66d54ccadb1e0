package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.adapt.PageHinkley;
import io.tickcast.model.adapt.RecoveryTracker;
import io.tickcast.model.evaluation.EwmaBaseline;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift and recovery, one part of a symbol's pipeline. The drift test (Page-Hinkley) reads the
 * forecast error in units of the RiskMetrics sigma, a yardstick the model cannot bend; recovery
 * is timed on the model's own standardised error against its pre-drift normal level. Both inputs
 * are clipped so one crash bar cannot trip the test alone. The drift constants live here and
 * nowhere else. Not thread-safe.
 */
public final class DriftMonitor {

  /** Scored bars after a (re)start of the drift test before it may alarm. */
  public static final int MIN_DRIFT_SAMPLES = 30;
  /** Recovered = rolling error ratio back within 10% of its pre-drift level. */
  public static final double RECOVERY_TOLERANCE = 0.10;
  /** Clip of the tests' input (squared standardised error), in variance units. */
  public static final double INPUT_CLIP = 25.0;

  /**
   * One bar's outcome.
   *
   * @param drift the drift test alarmed
   * @param recoveredBars bars the recovery took, if it completed on this bar, else -1
   */
  public record Signal(boolean drift, long recoveredBars) {
    /** Nothing happened. */
    public static final Signal NONE = new Signal(false, -1);
  }

  private final PageHinkley drift;
  private final RecoveryTracker recovery;
  private long drifts;

  private DriftMonitor(PageHinkley drift, RecoveryTracker recovery, long drifts) {
    this.drift = drift;
    this.recovery = recovery;
    this.drifts = drifts;
  }

  public static DriftMonitor fresh(ForecasterConfig cfg) {
    return new DriftMonitor(test(cfg),
        new RecoveryTracker(cfg.adapt().recoveryWindow(), RECOVERY_TOLERANCE), 0);
  }

  private static PageHinkley test(ForecasterConfig cfg) {
    return new PageHinkley(cfg.adapt().driftDelta(), cfg.adapt().driftLambda(), MIN_DRIFT_SAMPLES);
  }

  /** Observes the realised return {@code r} against the prediction made for it. */
  public Signal observe(double r, Prediction p) {
    double err = r - p.modelReturn();
    double zModel = err / Math.max(p.modelSigma(), EwmaBaseline.SIGMA_FLOOR);
    long recovered = recovery.add(Math.min(zModel * zModel, INPUT_CLIP));
    double z = err / Math.max(p.ewmaSigma(), EwmaBaseline.SIGMA_FLOOR);
    boolean alarm = drift.add(Math.min(z * z, INPUT_CLIP));
    if (alarm) {
      drifts++;
      recovery.drift();
    }
    return alarm || recovered >= 0 ? new Signal(alarm, recovered) : Signal.NONE;
  }

  /** Drift alarms so far. */
  public long drifts() {
    return drifts;
  }

  /** Bars since the last drift alarm while not yet recovered, else -1. */
  public long barsSinceDrift() {
    return recovery.barsSinceDrift();
  }

  public void writeTo(DataOutput out) throws IOException {
    for (double v : drift.state()) {
      out.writeDouble(v);
    }
    recovery.writeTo(out);
    out.writeLong(drifts);
  }

  public static DriftMonitor readFrom(DataInput in, ForecasterConfig cfg) throws IOException {
    double[] ph = {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
    RecoveryTracker recovery = RecoveryTracker.readFrom(in, cfg.adapt().recoveryWindow(),
        RECOVERY_TOLERANCE);
    long drifts = in.readLong();
    if (drifts < 0) {
      throw new IOException("corrupt drift count");
    }
    return restore(cfg, ph, recovery, drifts);
  }

  public static DriftMonitor restore(ForecasterConfig cfg, double[] ph, RecoveryTracker recovery,
      long drifts) {
    PageHinkley test = test(cfg);
    test.restore(ph);
    return new DriftMonitor(test, recovery, drifts);
  }
}
