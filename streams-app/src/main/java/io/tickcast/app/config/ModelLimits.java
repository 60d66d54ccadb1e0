package io.tickcast.app.config;

/**
 * Upper bounds of the model's sizes, checked when the configuration is read (exit 2 naming the
 * key), because beyond them tickcast fails later and worse: {@code model.hidden.size=2000000000}
 * overflowed an array size (a NullPointerException, exit 1), {@code model.seq.length=100000000}
 * hung the start.
 */
final class ModelLimits {

  /**
   * H: the model record (parameters and Adam's moments, about 51·H² bytes: 61 KB at H = 32, 833 KB
   * at 128, 3.2 MB at 256; measured 2026-12-02) is written to the {@code symbol-models}
   * changelog, and Kafka refuses records over its 1 MB default ({@code max.request.size}).
   */
  static final int MAX_HIDDEN_SIZE = 128;
  /** T: a train step's cost grows linearly with T; 4096 is 128 times the default. */
  static final int MAX_SEQ_LENGTH = 4096;

  private ModelLimits() {}
}
