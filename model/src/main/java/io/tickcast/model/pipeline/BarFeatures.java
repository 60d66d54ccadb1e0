package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.features.FeatureExtractor;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.persistence.RowCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Features and labelling, one part of a symbol's pipeline: the last accepted bar (close, event
 * time), the feature and target {@link EwNormalizer}s and the {@link SequenceRing} of normalised
 * rows with their labels. A bar's features are computed against the previous close; the sequence
 * ending at {@code t} is labelled with the return of {@code t+1} normalised with the target
 * statistics as they were at {@code t}; only then do the normalisers see {@code t+1}.
 *
 * <p>Persistence: the scalars and normalisers go into the main state record; each ring row is
 * its own record ({@code r<slot>}, slot = absolute row index mod capacity), written only when
 * pushed or labelled. A ring of another capacity (a batch-size change) is re-mapped on restore,
 * never thrown away. Not thread-safe.
 */
public final class BarFeatures {

  private final ForecasterConfig cfg;
  private final EwNormalizer featureNorm;
  private final EwNormalizer targetNorm;
  private final SequenceRing ring;
  /** Labels the volatility-drop test looks at ({@link #volatilityDropped}). */
  static final int DROP_WINDOW = 100;
  /** Mean square of those labels (label units) under which the scale has dropped. */
  static final double DROP_MEAN_SQUARE = 0.12;
  /** Normaliser half-life (bars) while the drop holds. */
  static final double DROP_HALF_LIFE = 10.0;

  /** Clamp of the range and close/VWAP values the feature normaliser folds in, in its sds. */
  static final double FEATURE_CLAMP_SDS = 3 * EwNormalizer.CLIP;
  /** Features one bad tick inside a bar can move thousands of sds ({@link #advance}). */
  private static final int[] ROBUST_FEATURES =
      {FeatureExtractor.LOG_RANGE, FeatureExtractor.LOG_CLOSE_VWAP};

  private double prevClose;
  private long lastEndMs;
  private long barsSeen;
  /** Lowest absolute row index not yet persisted (Long.MAX_VALUE: all clean). */
  private long dirtyFrom = Long.MAX_VALUE;
  /** Slots of a larger previous capacity to delete on the next write. */
  private int staleSlotsFrom;
  private int staleSlotsTo;

  private BarFeatures(ForecasterConfig cfg, EwNormalizer featureNorm, EwNormalizer targetNorm,
      SequenceRing ring) {
    this.cfg = cfg;
    this.featureNorm = featureNorm;
    this.targetNorm = targetNorm;
    this.ring = ring;
  }

  /**
   * Ring capacity for {@code cfg}: the sequence length plus the largest batch, or plus the replay
   * window W if that is larger.
   */
  public static int capacity(ForecasterConfig cfg) {
    return cfg.seqLength() + Math.max(cfg.maxBatch(), cfg.replay().window());
  }

  public static BarFeatures fresh(ForecasterConfig cfg) {
    return new BarFeatures(cfg, new EwNormalizer(ForecasterConfig.FEATURES, cfg.normHalfLifeBars()),
        new EwNormalizer(1, cfg.normHalfLifeBars()),
        new SequenceRing(ForecasterConfig.INPUTS, cfg.seqLength(), capacity(cfg)));
  }

  /** True when a bar ending at {@code endMs} is stale (duplicate or out of order). */
  public boolean isStale(long endMs) {
    return barsSeen > 0 && endMs <= lastEndMs;
  }

  /** True before the first accepted bar (which only seeds the previous close). */
  public boolean isEmpty() {
    return barsSeen == 0;
  }

  /** The bar's features against the previous close, or null when not all finite. */
  public double[] extract(Bar bar) {
    double[] f = FeatureExtractor.features(bar, prevClose);
    for (double v : f) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return f;
  }

  /** Labels the newest sequence with return {@code r}; false when there is none yet. */
  public boolean label(double r) {
    if (!ring.hasSequenceEndingAt(0)) {
      return false;
    }
    // Target stats still exclude r: they are exactly the ones the forecast at t used.
    ring.labelNewest(targetNorm.normalize(new double[] {r})[0]);
    dirtyFrom = Math.min(dirtyFrom, ring.indexOfAge(0));
    return true;
  }

  /** Labelled sequences available to a step (ages 0 .. n-1). */
  public int labelled() {
    return Math.max(0, ring.size() - cfg.seqLength() + (ring.size() > 0
        && Float.isNaN(ring.label(0)) ? 0 : 1));
  }

  /** Copies the sequences at {@code ages} and their labels into a step's inputs. */
  public void batch(int[] ages, int batch, float[] x, float[] y) {
    for (int i = 0; i < batch; i++) {
      ring.copySequence(ages[i], x, i);
      y[i] = ring.label(ages[i]);
    }
  }

  /**
   * Copies the newest {@code count} labelled sequences (ages 0 .. count − 1, at most
   * {@link #labelled()}) into {@code x} {@code [count, F, T]} row-major and their labels into
   * {@code y}: what the head refit solves on and the catch-up's error gate compares on.
   */
  public void newest(int count, float[] x, float[] y) {
    int[] ages = new int[count];
    for (int i = 0; i < count; i++) {
      ages[i] = i;
    }
    batch(ages, count, x, y);
  }

  /**
   * Folds the bar into the normalisers and appends its normalised row. The feature normaliser
   * folds in the range and close/VWAP features clamped to ±{@value #FEATURE_CLAMP_SDS} of its
   * sds ({@link EwNormalizer#clamp}). Why: one bad tick inside a bar that closes normally (at
   * 1000× or 1/1000 of the price) puts a range of 6.9 and a close/VWAP of up to −4.6 into a
   * scale of about 0.001; at full weight the sd stayed hundreds of times too large for thousands
   * of bars (half-life {@code model.norm.half.life}), so those two inputs of every later row sat
   * near a constant. Why {@value #FEATURE_CLAMP_SDS} and not the row clip (8): the largest
   * genuine values are 17.5 EW sds (Bitstamp 1-min close/VWAP) and 9.4 (S&amp;P daily range),
   * while a tick 10× off is hundreds; at 8 the clamp caught 17 Bitstamp bars in volatility
   * bursts, the normaliser followed them more slowly and the published skill fell 15.50 →
   * 15.38 %. A bad tick still adds a 24-sd value: the sd about 1.3× for a few hundred bars. The
   * return is clipped before ({@link ReturnClip}); volume and ticks are logs of sums that one
   * tick cannot move that far. The row is the raw features normalised (clipped at
   * ±{@value EwNormalizer#CLIP} as always).
   */
  public void advance(Bar bar, double[] features, double r, double[] fast) {
    double[] seen = features.clone();
    for (int i : ROBUST_FEATURES) {
      seen[i] = featureNorm.clamp(i, features[i], FEATURE_CLAMP_SDS);
    }
    if (volatilityDropped()) {
      featureNorm.updateWithHalfLife(seen, DROP_HALF_LIFE);
      targetNorm.updateWithHalfLife(new double[] {r}, DROP_HALF_LIFE);
    } else {
      featureNorm.update(seen);
      targetNorm.update(new double[] {r});
    }
    double[] row =
        java.util.Arrays.copyOf(featureNorm.normalize(features), ForecasterConfig.INPUTS);
    for (int i = 0; i < ForecasterConfig.FAST_INPUTS; i++) {
      // In label units: the statistics the label of this row will be normalised with.
      double v = targetNorm.normalize(new double[] {fast[i]})[0];
      row[ForecasterConfig.FEATURES + i] = Double.isFinite(v)
          ? Math.max(-EwNormalizer.CLIP, Math.min(EwNormalizer.CLIP, v)) : 0;
    }
    ring.push(row);
    dirtyFrom = Math.min(dirtyFrom, ring.pushed() - 1);
    accept(bar);
  }

  /**
   * True when the newest {@value #DROP_WINDOW} labels, in label units (scaled by the target
   * normaliser of their time), have a mean square under {@value #DROP_MEAN_SQUARE}: their RMS is
   * under about a third of the normaliser's sd, so the return scale has fallen several-fold and
   * the normalisers ({@code model.norm.half.life} bars) lag behind it, leaving the network's
   * outputs and inputs at the old scale (the regime suite's volatility drop: the LSTM needed
   * 193–793 bars to recover). While it holds, both normalisers fold the bar in with a half-life
   * of {@value #DROP_HALF_LIFE} bars. Derived from the stored labels only, so it needs no state,
   * is the same after a restore and in the backtest, and switches itself off as new labels regain
   * unit scale. A volatility rise needs no such help: large labels move the normaliser quickly.
   */
  boolean volatilityDropped() {
    if (labelled() < DROP_WINDOW) {
      return false;
    }
    double sum = 0;
    for (int age = 0; age < DROP_WINDOW; age++) {
      float y = ring.label(age);
      if (Float.isNaN(y)) {
        return false;
      }
      sum += (double) y * y;
    }
    return sum / DROP_WINDOW < DROP_MEAN_SQUARE;
  }

  /** Records an accepted bar's close and end time and counts it. */
  public void accept(Bar bar) {
    prevClose = bar.close();
    lastEndMs = bar.endMs();
    barsSeen++;
  }

  /** True when a full sequence ends at the newest row. */
  public boolean canForecast() {
    return ring.hasSequenceEndingAt(0);
  }

  /** The newest sequence, {@code [1, F, T]} row-major. */
  public float[] latestSequence() {
    float[] x = new float[ForecasterConfig.INPUTS * cfg.seqLength()];
    ring.copySequence(0, x, 0);
    return x;
  }

  /**
   * Root mean square of the returns the target normaliser has folded in (about equally weighted
   * over a symbol's first hundreds of bars): the scale {@link ReturnClip} clips against while
   * RiskMetrics is still dominated by its first square.
   */
  public double returnRms() {
    double sd = targetNorm.sd(0);
    double mean = targetNorm.mean(0);
    return Math.sqrt(sd * sd + mean * mean);
  }

  /** The target normaliser (to turn normalised outputs into returns). */
  public EwNormalizer target() {
    return targetNorm;
  }

  /** The feature normaliser (exported with the model). */
  public EwNormalizer features() {
    return featureNorm;
  }

  public long barsSeen() {
    return barsSeen;
  }

  public long lastEndMs() {
    return lastEndMs;
  }

  /** Writes the part (the codec writes barsSeen and lastEndMs in the record header). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeDouble(prevClose);
    out.writeInt(ring.capacity());
    featureNorm.writeTo(out);
    targetNorm.writeTo(out);
  }

  /** The ring of normalised rows (read-only use: tests, export). */
  public SequenceRing ring() {
    return ring;
  }

  /** Writes every row, whatever was written before (a complete copy of the state). */
  public void writeAllRows(StateStore store) {
    float[] row = new float[ForecasterConfig.INPUTS + 1];
    for (long abs = ring.pushed() - ring.size(); abs < ring.pushed(); abs++) {
      ring.exportRow(abs, row);
      store.put(rowKey(slot(abs, ring.capacity())), RowCodec.encode(abs, row));
    }
  }

  /** Writes the rows changed since the last call, and deletes slots a shrink left behind. */
  public void writeRows(StateStore store) {
    for (int slot = staleSlotsFrom; slot < staleSlotsTo; slot++) {
      store.put(rowKey(slot), null);
    }
    staleSlotsFrom = 0;
    staleSlotsTo = 0;
    if (dirtyFrom == Long.MAX_VALUE) {
      return;
    }
    float[] row = new float[ForecasterConfig.INPUTS + 1];
    for (long abs = Math.max(dirtyFrom, ring.pushed() - ring.size()); abs < ring.pushed(); abs++) {
      ring.exportRow(abs, row);
      store.put(rowKey(slot(abs, ring.capacity())), RowCodec.encode(abs, row));
    }
    dirtyFrom = Long.MAX_VALUE;
  }

  public static String rowKey(int slot) {
    return "r" + slot;
  }

  private static int slot(long abs, int capacity) {
    return (int) Math.floorMod(abs, (long) capacity);
  }

  /**
   * Reads the part and its rows.
   *
   * @throws IOException if anything is malformed or a row is missing
   */
  public static BarFeatures readFrom(DataInput in, ForecasterConfig cfg, long barsSeen,
      long lastEndMs, StateStore rows) throws IOException {
    double prevClose = in.readDouble();
    int storedCapacity = in.readInt();
    EwNormalizer f = EwNormalizer.readFrom(in, ForecasterConfig.FEATURES, cfg.normHalfLifeBars());
    EwNormalizer t = EwNormalizer.readFrom(in, 1, cfg.normHalfLifeBars());
    if (storedCapacity < 1) {
      throw new IOException("ring capacity " + storedCapacity);
    }
    long pushed = Math.max(0, barsSeen - 1);
    int n = (int) Math.min(pushed, Math.min(storedCapacity, capacity(cfg)));
    float[][] oldestFirst = new float[n][];
    for (int k = 0; k < n; k++) {
      long abs = pushed - n + k;
      byte[] bytes = rows.get(rowKey(slot(abs, storedCapacity)));
      if (bytes == null) {
        throw new IOException("sequence row " + abs + " missing");
      }
      oldestFirst[k] = RowCodec.decode(bytes, abs, ForecasterConfig.INPUTS);
    }
    return restore(cfg, f, t, prevClose, barsSeen, lastEndMs, oldestFirst, storedCapacity);
  }

  /**
   * Rebuilds the part from its values; rows stored under another capacity are marked for
   * rewriting (and a larger capacity's extra slots for deletion).
   */
  public static BarFeatures restore(ForecasterConfig cfg, EwNormalizer f, EwNormalizer t,
      double prevClose, long barsSeen, long lastEndMs, float[][] oldestFirst, int storedCapacity)
      throws IOException {
    if (barsSeen < 0 || (barsSeen > 0 && !(Double.isFinite(prevClose) && prevClose > 0))) {
      throw new IOException("corrupt bar counters");
    }
    long pushed = Math.max(0, barsSeen - 1);
    int keep = Math.min(oldestFirst.length, capacity(cfg));
    float[][] rows = java.util.Arrays.copyOfRange(oldestFirst, oldestFirst.length - keep,
        oldestFirst.length);
    BarFeatures b = new BarFeatures(cfg, f, t, SequenceRing.of(ForecasterConfig.INPUTS,
        cfg.seqLength(), capacity(cfg), pushed, rows));
    b.prevClose = prevClose;
    b.barsSeen = barsSeen;
    b.lastEndMs = lastEndMs;
    if (storedCapacity != capacity(cfg)) {
      b.dirtyFrom = pushed - keep;
      b.staleSlotsFrom = capacity(cfg);
      b.staleSlotsTo = Math.max(storedCapacity, capacity(cfg));
    }
    return b;
  }
}
