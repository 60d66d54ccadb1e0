package io.tickcast.bench.regime;

import java.util.Arrays;

/**
 * Plain Adam on a float parameter vector, for the prototype learner (the model's
 * {@code AdamStep} is bound to a DL4J network). Takes the gradient SUMMED over B examples, like
 * {@code LstmKernel#gradient} returns it, and clips the mean gradient's global norm.
 */
final class Adam {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;
  private static final double CLIP = 5.0;

  private final float[] m;
  private final float[] v;
  private long t;

  Adam(int n) {
    m = new float[n];
    v = new float[n];
  }

  void reset() {
    Arrays.fill(m, 0f);
    Arrays.fill(v, 0f);
    t = 0;
  }

  void step(float[] params, float[] summedGrad, int batch, double lr) {
    double norm = 0;
    for (float g : summedGrad) {
      norm += (double) g * g;
    }
    norm = Math.sqrt(norm) / batch;
    float scale = (float) (norm > CLIP ? CLIP / norm : 1) / batch;
    t++;
    float alpha = (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
    for (int i = 0; i < params.length; i++) {
      float g = summedGrad[i] * scale;
      float mi = BETA1 * m[i] + (1 - BETA1) * g;
      float vi = BETA2 * v[i] + (1 - BETA2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= alpha * mi / ((float) Math.sqrt(vi) + EPS);
    }
  }
}
