package io.tickcast.model.state;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.adapt.BatchSizePolicy;
import io.tickcast.model.adapt.PageHinkley;
import io.tickcast.model.adapt.RecoveryTracker;
import io.tickcast.model.evaluation.EwmaBaseline;
import io.tickcast.model.evaluation.PrequentialEvaluator;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.features.SequenceRing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Per-symbol online state, everything {@code SymbolForecaster} needs besides the network:
 * the last accepted bar's close and end time (event time, epoch ms), the number of accepted bars,
 * the feature and target {@link EwNormalizer}s, the {@link SequenceRing} of the last
 * {@code T + B} normalised rows with their labels, the count of labelled examples awaiting an
 * optimizer step, the {@link PendingForecast} awaiting its target, the
 * {@link PrequentialEvaluator} window and the {@link EwmaBaseline}.
 *
 * <p>Mutable; not thread-safe (single owner).
 */
public final class SymbolState {

  private final String symbol;
  private final ForecasterConfig cfg;
  private final EwNormalizer featureNormalizer;
  private final EwNormalizer targetNormalizer;
  private final SequenceRing ring;
  private final PrequentialEvaluator evaluator;
  private final EwmaBaseline baseline;
  private boolean hasPrevClose;
  private double prevClose;
  private long lastEndMs;
  private long barsSeen;
  private int pending;
  private PendingForecast pendingForecast;
  private final PageHinkley drift;
  private RecoveryTracker recovery;
  private int currentBatch;
  private long drifts;
  private long lastRecoveryBars = -1;

  /** Fresh state: no bars seen. */
  public SymbolState(String symbol, ForecasterConfig cfg) {
    this(symbol, cfg,
        new EwNormalizer(ForecasterConfig.FEATURES, cfg.normHalfLifeBars()),
        new EwNormalizer(1, cfg.normHalfLifeBars()),
        new SequenceRing(ForecasterConfig.FEATURES, cfg.seqLength(),
            cfg.seqLength() + cfg.maxBatch()),
        new PrequentialEvaluator(cfg.evalWindow()),
        new EwmaBaseline(cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda()));
  }

  private SymbolState(String symbol, ForecasterConfig cfg, EwNormalizer featureNormalizer,
      EwNormalizer targetNormalizer, SequenceRing ring, PrequentialEvaluator evaluator,
      EwmaBaseline baseline) {
    this.symbol = symbol;
    this.cfg = cfg;
    this.featureNormalizer = featureNormalizer;
    this.targetNormalizer = targetNormalizer;
    this.ring = ring;
    this.evaluator = evaluator;
    this.baseline = baseline;
    ForecasterConfig.Adaptivity a = cfg.adapt();
    this.drift = new PageHinkley(a.driftDelta(), a.driftLambda(), MIN_DRIFT_SAMPLES);
    this.recovery = new RecoveryTracker(a.recoveryWindow(), RECOVERY_TOLERANCE);
    this.currentBatch = new BatchSizePolicy(a.adaptiveBatch(), cfg.batchSize(), a.minBatchSize(),
        a.maxBatchSize()).initial();
  }

  /** Scored bars after a (re)start of the drift test before it may alarm. */
  public static final int MIN_DRIFT_SAMPLES = 30;
  /** Recovered = rolling error ratio back within 10% of its pre-drift level. */
  public static final double RECOVERY_TOLERANCE = 0.10;

  public PageHinkley drift() {
    return drift;
  }

  public RecoveryTracker recovery() {
    return recovery;
  }

  /** Batch size of the next optimizer step. */
  public int currentBatch() {
    return currentBatch;
  }

  public void currentBatch(int value) {
    currentBatch = value;
  }

  /** Drift alarms so far. */
  public long drifts() {
    return drifts;
  }

  public void driftDetected() {
    drifts++;
  }

  /** Bars the last completed recovery took, or -1 before any. */
  public long lastRecoveryBars() {
    return lastRecoveryBars;
  }

  public void lastRecoveryBars(long value) {
    lastRecoveryBars = value;
  }

  /** Records an accepted bar's close and end time and counts it. */
  public void accept(double close, long endMs) {
    hasPrevClose = true;
    prevClose = close;
    lastEndMs = endMs;
    barsSeen++;
  }

  /** True when a bar ending at {@code endMs} is stale (duplicate or out of order). */
  public boolean isStale(long endMs) {
    return barsSeen > 0 && endMs <= lastEndMs;
  }

  public String symbol() {
    return symbol;
  }

  public boolean hasPrevClose() {
    return hasPrevClose;
  }

  public double prevClose() {
    return prevClose;
  }

  public long lastEndMs() {
    return lastEndMs;
  }

  public long barsSeen() {
    return barsSeen;
  }

  public EwNormalizer featureNormalizer() {
    return featureNormalizer;
  }

  public EwNormalizer targetNormalizer() {
    return targetNormalizer;
  }

  public SequenceRing ring() {
    return ring;
  }

  public PrequentialEvaluator evaluator() {
    return evaluator;
  }

  public EwmaBaseline baseline() {
    return baseline;
  }

  public int pending() {
    return pending;
  }

  public void pending(int value) {
    pending = value;
  }

  /** The forecast awaiting its target, or null. */
  public PendingForecast pendingForecast() {
    return pendingForecast;
  }

  public void pendingForecast(PendingForecast value) {
    pendingForecast = value;
  }

  /** Writes the state (the codec adds format version, checksum and fingerprint). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeUTF(symbol);
    out.writeBoolean(hasPrevClose);
    out.writeDouble(prevClose);
    out.writeLong(lastEndMs);
    out.writeLong(barsSeen);
    out.writeInt(pending);
    featureNormalizer.writeTo(out);
    targetNormalizer.writeTo(out);
    ring.writeTo(out);
    out.writeBoolean(pendingForecast != null);
    if (pendingForecast != null) {
      out.writeDouble(pendingForecast.mu());
      out.writeDouble(pendingForecast.logSigma());
      out.writeDouble(pendingForecast.modelReturn());
      out.writeDouble(pendingForecast.modelSigma());
      out.writeDouble(pendingForecast.ewmaReturn());
      out.writeDouble(pendingForecast.ewmaSigma());
    }
    evaluator.writeTo(out);
    baseline.writeTo(out);
    for (double v : drift.state()) {
      out.writeDouble(v);
    }
    recovery.writeTo(out);
    out.writeInt(currentBatch);
    out.writeLong(drifts);
    out.writeLong(lastRecoveryBars);
  }

  /**
   * Reads a state written by {@link #writeTo} for {@code symbol} under {@code cfg}.
   *
   * @throws IOException if the bytes are malformed or belong to another symbol or geometry
   */
  public static SymbolState readFrom(DataInput in, String symbol, ForecasterConfig cfg)
      throws IOException {
    String stored = in.readUTF();
    if (!stored.equals(symbol)) {
      throw new IOException("state belongs to symbol '" + stored + "', not '" + symbol + "'");
    }
    boolean hasPrevClose = in.readBoolean();
    double prevClose = in.readDouble();
    long lastEndMs = in.readLong();
    long barsSeen = in.readLong();
    int pending = in.readInt();
    EwNormalizer features =
        EwNormalizer.readFrom(in, ForecasterConfig.FEATURES, cfg.normHalfLifeBars());
    EwNormalizer target = EwNormalizer.readFrom(in, 1, cfg.normHalfLifeBars());
    SequenceRing ring = SequenceRing.readFrom(in, ForecasterConfig.FEATURES, cfg.seqLength(),
        cfg.seqLength() + cfg.maxBatch());
    PendingForecast pendingForecast = null;
    if (in.readBoolean()) {
      try {
        pendingForecast = new PendingForecast(in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readDouble());
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt pending forecast", e);
      }
    }
    PrequentialEvaluator evaluator = PrequentialEvaluator.readFrom(in, cfg.evalWindow());
    EwmaBaseline baseline =
        EwmaBaseline.readFrom(in, cfg.ewmaReturnAlpha(), cfg.riskMetricsLambda());
    if (barsSeen < 0 || pending < 0 || pending > cfg.maxBatch()
        || (hasPrevClose && !(Double.isFinite(prevClose) && prevClose > 0))) {
      throw new IOException("corrupt state counters");
    }
    double[] ph = {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
    RecoveryTracker recovery = RecoveryTracker.readFrom(in, cfg.adapt().recoveryWindow(),
        RECOVERY_TOLERANCE);
    int currentBatch = in.readInt();
    long drifts = in.readLong();
    long lastRecoveryBars = in.readLong();
    if (currentBatch < 1 || currentBatch > cfg.maxBatch() || drifts < 0) {
      throw new IOException("corrupt adaptivity state");
    }
    SymbolState s = new SymbolState(symbol, cfg, features, target, ring, evaluator, baseline);
    s.drift.restore(ph);
    s.recovery = recovery;
    s.currentBatch = currentBatch;
    s.drifts = drifts;
    s.lastRecoveryBars = lastRecoveryBars;
    s.hasPrevClose = hasPrevClose;
    s.prevClose = prevClose;
    s.lastEndMs = lastEndMs;
    s.barsSeen = barsSeen;
    s.pending = pending;
    s.pendingForecast = pendingForecast;
    return s;
  }

  /** The configuration this state was built for. */
  public ForecasterConfig config() {
    return cfg;
  }
}
