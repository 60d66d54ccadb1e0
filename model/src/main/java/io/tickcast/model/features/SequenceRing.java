package io.tickcast.model.features;

import java.io.DataInput;
import java.io.IOException;

/**
 * Ring of the most recent normalised feature rows, each with an optional label (the normalised
 * return of the bar after it), from which the LSTM's input sequences are cut.
 *
 * <p>Rows are addressed by age: age 0 is the newest row. The sequence "ending at age a" is the
 * {@code seqLength} rows from age {@code a + seqLength − 1} (oldest) to age {@code a} (newest).
 * Capacity {@code seqLength + batchSize} holds every sequence of one pending mini-batch.
 * Values are stored as float32, exactly what the network consumes. Slots follow the rows'
 * absolute index modulo the capacity, so each row can be persisted under its own key (one small
 * write per bar whatever the capacity). Not thread-safe.
 */
public final class SequenceRing {

  private final int width;
  private final int seqLength;
  private final int capacity;
  private final float[] rows;
  private final float[] labels;
  private int size;
  private int newest = -1;
  /** Rows pushed since the ring was created: the absolute index of the next row. */
  private long pushed;

  public SequenceRing(int width, int seqLength, int capacity) {
    if (width < 1 || seqLength < 1 || capacity < seqLength) {
      throw new IllegalArgumentException("need width >= 1, seqLength >= 1, capacity >= seqLength:"
          + " width=" + width + " seqLength=" + seqLength + " capacity=" + capacity);
    }
    this.width = width;
    this.seqLength = seqLength;
    this.capacity = capacity;
    this.rows = new float[capacity * width];
    this.labels = new float[capacity];
  }

  /** Appends a row (no label yet), evicting the oldest when full. */
  public void push(double[] row) {
    if (row.length != width) {
      throw new IllegalArgumentException("expected " + width + " values, got " + row.length);
    }
    newest = (newest + 1) % capacity;
    for (int i = 0; i < width; i++) {
      rows[newest * width + i] = (float) row[i];
    }
    labels[newest] = Float.NaN;
    size = Math.min(size + 1, capacity);
    pushed++;
  }

  /** Rows pushed so far (the absolute index of the next row). */
  public long pushed() {
    return pushed;
  }

  /** Absolute index of the row at {@code age}. */
  public long indexOfAge(int age) {
    index(age);
    return pushed - 1 - age;
  }

  /**
   * Copies the row with absolute index {@code abs} (within the last {@link #size()} rows) into
   * {@code dst}: {@code width} features, then the label (NaN when unlabelled).
   */
  public void exportRow(long abs, float[] dst) {
    int idx = index(Math.toIntExact(pushed - 1 - abs));
    System.arraycopy(rows, idx * width, dst, 0, width);
    dst[width] = labels[idx];
  }

  /**
   * A ring holding the given rows as the last {@code rows.length} of {@code pushed} rows, each
   * {@code width} features then the label; slots follow the absolute index modulo the capacity.
   *
   * @throws IllegalArgumentException if there are more rows than the capacity or pushed
   */
  public static SequenceRing of(int width, int seqLength, int capacity, long pushed,
      float[][] oldestFirst) {
    SequenceRing r = new SequenceRing(width, seqLength, capacity);
    int n = oldestFirst.length;
    if (n > capacity || n > pushed) {
      throw new IllegalArgumentException(n + " rows for a ring of " + capacity + " after "
          + pushed + " pushes");
    }
    for (int k = 0; k < n; k++) {
      int slot = (int) Math.floorMod(pushed - n + k, (long) capacity);
      System.arraycopy(oldestFirst[k], 0, r.rows, slot * width, width);
      r.labels[slot] = oldestFirst[k][width];
    }
    r.size = n;
    r.pushed = pushed;
    r.newest = pushed == 0 ? -1 : (int) Math.floorMod(pushed - 1, (long) capacity);
    return r;
  }

  /** Labels the newest row. */
  public void labelNewest(double label) {
    if (size == 0) {
      throw new IllegalStateException("empty ring");
    }
    labels[newest] = (float) label;
  }

  /** Label of the row at {@code age}, NaN when it has none. */
  public float label(int age) {
    return labels[index(age)];
  }

  /** Feature {@code i} of the row at {@code age}. */
  public float value(int age, int i) {
    return rows[index(age) * width + i];
  }

  /** True when a full sequence ends at {@code age}. */
  public boolean hasSequenceEndingAt(int age) {
    return age >= 0 && age + seqLength <= size;
  }

  /**
   * Copies the sequence ending at {@code age} into {@code dest} in DL4J's NCW layout for example
   * {@code example}: {@code dest[example·W·T + feature·T + step]}.
   */
  public void copySequence(int age, float[] dest, int example) {
    if (!hasSequenceEndingAt(age)) {
      throw new IllegalStateException("no full sequence ends at age " + age + " (size " + size
          + ")");
    }
    int base = example * width * seqLength;
    for (int step = 0; step < seqLength; step++) {
      int idx = index(age + seqLength - 1 - step);
      for (int f = 0; f < width; f++) {
        dest[base + f * seqLength + step] = rows[idx * width + f];
      }
    }
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  public int seqLength() {
    return seqLength;
  }

  public int width() {
    return width;
  }

  private int index(int age) {
    if (age < 0 || age >= size) {
      throw new IndexOutOfBoundsException("age " + age + " outside ring of size " + size);
    }
    return Math.floorMod(newest - age, capacity);
  }

  /**
   * Reads the rows of a release-1 state record (geometry, then the rows oldest first, each with
   * its label), for the migration of state written by 239a6ee.
   *
   * @param width features per stored row
   * @param inputs values per row now ({@code >= width}): the values after the stored features
   *     are 0
   * @return the rows, oldest first, each {@code inputs} values then the label
   */
  public static float[][] readVersion1Rows(DataInput in, int width, int inputs)
      throws IOException {
    int w = in.readInt();
    int t = in.readInt();
    int c = in.readInt();
    int n = in.readInt();
    if (w != width || t < 1 || c < t || n < 0 || n > c) {
      throw new IOException("ring geometry " + w + "x" + t + "/" + c + " size " + n);
    }
    float[][] out = new float[n][inputs + 1];
    for (int k = 0; k < n; k++) {
      for (int f = 0; f < width; f++) {
        out[k][f] = in.readFloat();
        if (!Float.isFinite(out[k][f])) {
          throw new IOException("non-finite ring value");
        }
      }
      out[k][inputs] = in.readFloat();
    }
    return out;
  }
}
