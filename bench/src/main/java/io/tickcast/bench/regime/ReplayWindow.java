package io.tickcast.bench.regime;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last W labelled sequences of one symbol, for replay: every optimizer step draws a
 * mini-batch of B from it, with the newest labelled sequence always in the batch and the others
 * drawn with probability ∝ {@code 2^(−age/halfLife)} (age 0 = newest), with replacement, from a
 * seeded generator that is part of the state, so a restored window draws the same batches.
 *
 * <p>Sequences overlap, so the window stores feature ROWS (one per bar, F floats, already
 * normalised by the caller) and one label per row, the label of the sequence of T rows ending
 * there: W + T rows in all instead of W·T. {@link #gather} lays a batch out as the LSTM kernel
 * reads it, {@code x[b][f][t]} row-major and labels {@code [b][2]}.
 *
 * <p>Per bar: {@link #labelNewest} (the return that just closed labels the sequence ending at
 * the previous bar), then {@link #push} (this bar's row). Time is in bars (event time). Not
 * thread-safe; state is {@link #stateBytes()} bytes.
 */
public final class ReplayWindow {


  private final int features;
  private final int seqLength;
  private final int capacity;
  private final double halfLife;
  private final int rows;
  private final float[] data;
  private final float[] labels;
  private long total;
  private long lastLabelled = -1;
  private long rng;

  /**
   * @param features F, floats per row, >= 1
   * @param seqLength T, rows per sequence, >= 1
   * @param capacity W, labelled sequences kept, >= 1
   * @param halfLife recency half-life of the sampling weights in bars (infinite = uniform)
   * @param seed seed of the sampling generator
   */
  public ReplayWindow(int features, int seqLength, int capacity, double halfLife, long seed) {
    if (features < 1 || seqLength < 1 || capacity < 1 || features > 4096 || seqLength > 4096
        || capacity > 1 << 20) {
      throw new IllegalArgumentException("features, seqLength and capacity must be >= 1 (and sane)");
    }
    if (!(halfLife > 0)) {
      throw new IllegalArgumentException("halfLife must be > 0, was " + halfLife);
    }
    this.features = features;
    this.seqLength = seqLength;
    this.capacity = capacity;
    this.halfLife = halfLife;
    this.rows = capacity + seqLength;
    this.data = new float[rows * features];
    this.labels = new float[rows];
    Arrays.fill(labels, Float.NaN);
    this.rng = seed;
  }

  /** Appends this bar's (normalised) feature row; its sequence is unlabelled until the next bar. */
  public void push(float[] row) {
    if (row.length != features) {
      throw new IllegalArgumentException("row needs " + features + " floats, got " + row.length);
    }
    int slot = (int) (total % rows);
    System.arraycopy(row, 0, data, slot * features, features);
    labels[slot] = Float.NaN;
    total++;
  }

  /** Labels the sequence ending at the newest row; ignored while it has fewer than T rows. */
  public void labelNewest(float label) {
    if (!Float.isFinite(label)) {
      throw new IllegalArgumentException("label must be finite, was " + label);
    }
    if (total < seqLength) {
      return;
    }
    labels[(int) ((total - 1) % rows)] = label;
    lastLabelled = total - 1;
  }

  /** Labelled sequences available to draw from, at most W. */
  public int size() {
    if (lastLabelled < 0) {
      return 0;
    }
    long oldestEnd = Math.max(seqLength - 1, total - rows + seqLength - 1);
    return (int) Math.max(0, Math.min(capacity, lastLabelled - oldestEnd + 1));
  }

  /**
   * Draws a batch as sequence ages: {@code ages[0] = 0} (the newest labelled sequence), the rest
   * recency-weighted among the {@code min(size(), maxAge)} newest. An age whose row never got a
   * label (a gap in the stream) is replaced by 0.
   *
   * @param batch B >= 1
   * @param maxAge draw only among this many newest sequences (a shortened window after drift)
   * @param ages receives B ages
   * @return B, or 0 (nothing drawn) when the window is empty
   */
  public int sample(int batch, int maxAge, int[] ages) {
    if (batch < 1 || ages.length < batch || maxAge < 1) {
      throw new IllegalArgumentException("need batch >= 1, maxAge >= 1, ages.length >= batch");
    }
    int n = Math.min(size(), maxAge);
    if (n == 0) {
      return 0;
    }
    ages[0] = 0;
    double rho = Double.isInfinite(halfLife) ? 1 : Math.pow(0.5, 1 / halfLife);
    double tailMass = 1 - Math.pow(rho, n);
    for (int b = 1; b < batch; b++) {
      double u = nextDouble();
      int a = rho >= 1 ? (int) (u * n)
          : (int) Math.floor(Math.log(1 - u * tailMass) / Math.log(rho));
      a = Math.max(0, Math.min(n - 1, a));
      ages[b] = Float.isNaN(labels[slot(lastLabelled - a)]) ? 0 : a;
    }
    return batch;
  }

  /**
   * Copies the sequences of {@code ages[0..count)} into {@code x} ({@code [count][F][T]}
   * row-major, from 0) and their labels into {@code y[2b]} ({@code y[2b+1]} = 0).
   */
  public void gather(int[] ages, int count, float[] x, float[] y) {
    final int f = features;
    final int t = seqLength;
    if (x.length < count * f * t || y.length < 2 * count) {
      throw new IllegalArgumentException("buffers too small for " + count + " sequences");
    }
    for (int b = 0; b < count; b++) {
      if (ages[b] < 0 || ages[b] >= size()) {
        throw new IllegalArgumentException("age out of range: " + ages[b]);
      }
      long end = lastLabelled - ages[b];
      for (int s = 0; s < t; s++) {
        int base = slot(end - t + 1 + s) * f;
        for (int k = 0; k < f; k++) {
          x[(b * f + k) * t + s] = data[base + k];
        }
      }
      y[2 * b] = labels[slot(end)];
      y[2 * b + 1] = 0;
    }
  }

  /**
   * The newest T rows as one sequence {@code [F][T]} (the forecast input).
   *
   * @return false when fewer than T rows exist
   */
  public boolean latest(float[] x) {
    if (total < seqLength) {
      return false;
    }
    for (int s = 0; s < seqLength; s++) {
      int base = slot(total - seqLength + s) * features;
      for (int k = 0; k < features; k++) {
        x[k * seqLength + s] = data[base + k];
      }
    }
    return true;
  }

  private int slot(long row) {
    return (int) (row % rows);
  }

  /** SplitMix64 (Steele et al. 2014): tiny, seedable state, good enough for batch draws. */
  private double nextDouble() {
    long z = (rng += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  public int capacity() {
    return capacity;
  }

  public int seqLength() {
    return seqLength;
  }

  public int features() {
    return features;
  }

  /** Rows pushed so far. */
  public long rowsSeen() {
    return total;
  }

}
