package io.tickcast.model.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Ring of the most recent normalised feature rows, each with an optional label (the normalised
 * return of the bar after it), from which the LSTM's input sequences are cut.
 *
 * <p>Rows are addressed by age: age 0 is the newest row. The sequence "ending at age a" is the
 * {@code seqLength} rows from age {@code a + seqLength − 1} (oldest) to age {@code a} (newest).
 * Capacity {@code seqLength + batchSize} holds every sequence of one pending mini-batch.
 * Values are stored as float32, exactly what the network consumes. Not thread-safe.
 */
public final class SequenceRing {

  private final int width;
  private final int seqLength;
  private final int capacity;
  private final float[] rows;
  private final float[] labels;
  private int size;
  private int newest = -1;

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

  /** Writes the rows oldest first, so the layout does not depend on the ring position. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(width);
    out.writeInt(seqLength);
    out.writeInt(capacity);
    out.writeInt(size);
    for (int age = size - 1; age >= 0; age--) {
      int idx = index(age);
      for (int f = 0; f < width; f++) {
        out.writeFloat(rows[idx * width + f]);
      }
      out.writeFloat(labels[idx]);
    }
  }

  /** Reads a ring written by {@link #writeTo}; its geometry must match. */
  public static SequenceRing readFrom(DataInput in, int width, int seqLength, int capacity)
      throws IOException {
    int w = in.readInt();
    int t = in.readInt();
    int c = in.readInt();
    if (w != width || t != seqLength || c != capacity) {
      throw new IOException("ring geometry " + w + "x" + t + "/" + c + " != expected " + width
          + "x" + seqLength + "/" + capacity);
    }
    int n = in.readInt();
    if (n < 0 || n > capacity) {
      throw new IOException("ring size " + n + " outside [0, " + capacity + "]");
    }
    SequenceRing ring = new SequenceRing(width, seqLength, capacity);
    double[] row = new double[width];
    for (int k = 0; k < n; k++) {
      for (int f = 0; f < width; f++) {
        float v = in.readFloat();
        if (!Float.isFinite(v)) {
          throw new IOException("non-finite ring value");
        }
        row[f] = v;
      }
      ring.push(row);
      ring.labels[ring.newest] = in.readFloat();
    }
    return ring;
  }
}
