package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.adapt.PageHinkley;
import io.tickcast.model.adapt.RecoveryTracker;
import io.tickcast.model.evaluation.EwmaBaseline;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift and recovery, one part of a symbol's pipeline. Two Page-Hinkley tests raise the same
 * alarm:
 * <ul>
 *   <li>the error test reads the LSTM's squared forecast error in units of the RiskMetrics
 *       sigma, a yardstick the model cannot bend (config {@code driftDelta}/{@code driftLambda});
 *   <li>the skill test reads the same error minus the fast path's (the mix of the linear,
 *       momentum and slow linear experts, {@link ExpertPanel#fastMix}), both in those units: it
 *       alarms when the fast path has beaten the LSTM by more than {@value #SKILL_DELTA} of a
 *       variance per bar for long enough ({@value #SKILL_LAMBDA} of accumulated excess, e.g.
 *       about 40 bars at a margin of 0.7). That is the signature of a shift the fast experts
 *       have already re-learnt and the LSTM has not, including ones (a threshold flip) whose
 *       error rise the error test cannot tell from noise. δ and λ are set so that it does not
 *       alarm within a regime on the bench regime suite; a smaller δ (0.05) alarmed every few
 *       hundred bars there. Shifts weaker than δ (an AR(5) of ±0.1 per lag) stay undetected.
 * </ul>
 * Recovery is timed on the model's own standardised error against its pre-drift normal level.
 * All inputs are clipped so one crash bar cannot trip a test alone. The drift constants live here
 * and nowhere else. The skill test's state is held in its 10-byte stored form after every bar
 * (see {@code quantise}), so the codec restores it exactly. Not thread-safe.
 */
public final class DriftMonitor {

  /** Scored bars after a (re)start of the drift test before it may alarm. */
  public static final int MIN_DRIFT_SAMPLES = 30;
  /** Recovered = rolling error ratio back within 10% of its pre-drift level. */
  public static final double RECOVERY_TOLERANCE = 0.10;
  /** Clip of the tests' input (squared standardised error), in variance units. */
  public static final double INPUT_CLIP = 25.0;
  /** Skill test: tolerated excess of the LSTM's standardised squared error over the fast path's. */
  public static final double SKILL_DELTA = 0.2;
  /** Skill test: alarm threshold on the accumulated excess. */
  public static final double SKILL_LAMBDA = 20.0;
  /** Skill test: largest stored sample count (an unsigned short). */
  static final int SKILL_COUNT_CAP = 65_535;

  /**
   * One bar's outcome.
   *
   * @param drift the drift test alarmed
   * @param recoveredBars bars the recovery took, if it completed on this bar, else -1
   * @param skill the alarm came from the skill test (the fast path beats the LSTM), not the
   *     error test
   */
  public record Signal(boolean drift, long recoveredBars, boolean skill) {
    /** Nothing happened. */
    public static final Signal NONE = new Signal(false, -1, false);
  }

  private final PageHinkley drift;
  private final PageHinkley skill = skillTest();
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

  private static PageHinkley skillTest() {
    return new PageHinkley(SKILL_DELTA, SKILL_LAMBDA, MIN_DRIFT_SAMPLES);
  }

  private static PageHinkley test(ForecasterConfig cfg) {
    return new PageHinkley(cfg.adapt().driftDelta(), cfg.adapt().driftLambda(), MIN_DRIFT_SAMPLES);
  }

  /**
   * Observes the realised return {@code r} against the prediction made for it and the fast
   * path's forecast {@code fast} of it (NaN: none; the skill test then skips the bar).
   */
  public Signal observe(double r, Prediction p, double fast) {
    double err = r - p.modelReturn();
    double zModel = err / Math.max(p.modelSigma(), EwmaBaseline.SIGMA_FLOOR);
    long recovered = recovery.add(Math.min(zModel * zModel, INPUT_CLIP));
    double yardstick = Math.max(p.ewmaSigma(), EwmaBaseline.SIGMA_FLOOR);
    double z = err / yardstick;
    double lossModel = Math.min(z * z, INPUT_CLIP);
    boolean alarm = drift.add(lossModel);
    boolean bySkill = false;
    if (Double.isFinite(fast)) {
      double zFast = (r - fast) / yardstick;
      if (skill.add(lossModel - Math.min(zFast * zFast, INPUT_CLIP)) && !alarm) {
        // One alarm, one restart: the error test learns the new regime's level from here too.
        drift.reset();
        alarm = true;
        bySkill = true;
      }
      quantise(skill);
    }
    if (alarm) {
      drifts++;
      recovery.drift();
    }
    return alarm || recovered >= 0 ? new Signal(alarm, recovered, bySkill) : Signal.NONE;
  }

  /** Drift alarms so far. */
  public long drifts() {
    return drifts;
  }

  /** Bars since the last drift alarm while not yet recovered, else -1. */
  public long barsSinceDrift() {
    return recovery.barsSinceDrift();
  }

  /**
   * Holds the skill test in exactly what {@link #writeTo} stores, 10 bytes: only the statistic
   * {@code m − M} matters to Page-Hinkley (the minimum is re-based to 0), the mean is a float
   * and the sample count is capped at {@value #SKILL_COUNT_CAP} (beyond that the running mean
   * moves by under 2e-5 of a sample per bar either way). The per-bar state budget is 1 KB.
   * Runs on every scored bar, so it reads and restores the four values without an array.
   */
  private static void quantise(PageHinkley test) {
    test.restore(Math.min(test.samples(), SKILL_COUNT_CAP), (float) test.mean(),
        (float) test.statistic(), 0);
  }

  /** Writes the part: the error test, recovery, drift count, then the skill test (10 bytes). */
  public void writeTo(DataOutput out) throws IOException {
    for (double v : drift.state()) {
      out.writeDouble(v);
    }
    recovery.writeTo(out);
    out.writeLong(drifts);
    double[] s = skill.state();
    out.writeShort((int) s[0]);
    out.writeFloat((float) s[1]);
    out.writeFloat((float) s[2]);
  }

  /**
   * Reads the part. A part written before the skill test existed (the previous release) ends
   * after the drift count: its skill test starts from scratch, i.e. it cannot alarm before
   * {@value #MIN_DRIFT_SAMPLES} more scored bars, and everything else restores.
   */
  public static DriftMonitor readFrom(DataInputStream in, ForecasterConfig cfg)
      throws IOException {
    double[] ph = {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
    RecoveryTracker recovery = RecoveryTracker.readFrom(in, cfg.adapt().recoveryWindow(),
        RECOVERY_TOLERANCE);
    long drifts = in.readLong();
    if (drifts < 0) {
      throw new IOException("corrupt drift count");
    }
    DriftMonitor m = restore(cfg, ph, recovery, drifts);
    if (in.available() > 0) {
      double[] s = {in.readUnsignedShort(), in.readFloat(), in.readFloat(), 0};
      if (!(Double.isFinite(s[1]) && s[2] >= 0 && s[2] < Double.POSITIVE_INFINITY)) {
        throw new IOException("corrupt skill test");
      }
      m.skill.restore(s);
    }
    return m;
  }

  public static DriftMonitor restore(ForecasterConfig cfg, double[] ph, RecoveryTracker recovery,
      long drifts) {
    PageHinkley test = test(cfg);
    test.restore(ph);
    return new DriftMonitor(test, recovery, drifts);
  }
}
