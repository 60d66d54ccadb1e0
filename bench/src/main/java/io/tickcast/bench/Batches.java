package io.tickcast.bench;

import io.tickcast.model.ForecasterConfig;
import java.util.Random;

/**
 * Pre-generated standard-normal feature batches {@code [B, 5, T]} (row-major) and labels {@code [B]}, built
 * once per trial so the benchmark measures the step, not data generation. Several distinct
 * batches are cycled so the model does not see one batch over and over.
 */
final class Batches {

  private static final int COUNT = 16;

  private final float[][] features;
  private final float[][] labels;

  private Batches(float[][] features, float[][] labels) {
    this.features = features;
    this.labels = labels;
  }

  static Batches random(int batch, int seqLength, long seed) {
    Random rnd = new Random(seed);
    int count = batch == 1 ? 1 : COUNT;
    float[][] x = new float[count][];
    float[][] y = new float[count][];
    for (int c = 0; c < count; c++) {
      float[] xs = new float[batch * ForecasterConfig.INPUTS * seqLength];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = (float) rnd.nextGaussian();
      }
      float[] ys = new float[batch];
      for (int i = 0; i < batch; i++) {
        ys[i] = (float) rnd.nextGaussian();
      }
      x[c] = xs;
      y[c] = ys;
    }
    return new Batches(x, y);
  }

  int size() {
    return features.length;
  }

  float[] features(int i) {
    return features[i];
  }

  float[] labels(int i) {
    return labels[i];
  }
}
