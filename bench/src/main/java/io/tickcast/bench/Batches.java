package io.tickcast.bench;

import io.tickcast.model.ForecasterConfig;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pre-generated standard-normal feature batches {@code [B, 5, T]} and labels {@code [B, 2]}, built
 * once per trial so the benchmark measures the step, not data generation. Several distinct
 * batches are cycled so the model does not see one batch over and over.
 */
final class Batches {

  private static final int COUNT = 16;

  private final INDArray[] features;
  private final INDArray[] labels;

  private Batches(INDArray[] features, INDArray[] labels) {
    this.features = features;
    this.labels = labels;
  }

  static Batches random(int batch, int seqLength, long seed) {
    Random rnd = new Random(seed);
    int count = batch == 1 ? 1 : COUNT;
    INDArray[] x = new INDArray[count];
    INDArray[] y = new INDArray[count];
    for (int c = 0; c < count; c++) {
      float[] xs = new float[batch * ForecasterConfig.FEATURES * seqLength];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = (float) rnd.nextGaussian();
      }
      float[] ys = new float[batch * 2];
      for (int i = 0; i < batch; i++) {
        ys[2 * i] = (float) rnd.nextGaussian();
      }
      x[c] = Nd4j.create(xs, new long[] {batch, ForecasterConfig.FEATURES, seqLength}, 'c');
      y[c] = Nd4j.create(ys, new long[] {batch, 2}, 'c');
    }
    return new Batches(x, y);
  }

  int size() {
    return features.length;
  }

  INDArray features(int i) {
    return features[i];
  }

  INDArray labels(int i) {
    return labels[i];
  }
}
