package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;

/** Shape checks of the learner's row-major inputs. Stateless. */
final class Shapes {

  private Shapes() {}

  /** T of row-major {@code [batch, F, T]} features, validating the length. */
  static int seqLength(float[] x, int batch) {
    int perSequence = batch < 1 ? 0 : x.length / batch;
    if (batch < 1 || x.length % batch != 0 || perSequence % ForecasterConfig.INPUTS != 0
        || perSequence == 0) {
      throw new IllegalArgumentException("features must hold n x " + ForecasterConfig.INPUTS
          + " x T values: n=" + batch + " length=" + x.length);
    }
    return perSequence / ForecasterConfig.INPUTS;
  }
}
