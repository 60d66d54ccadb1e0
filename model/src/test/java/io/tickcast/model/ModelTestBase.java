package io.tickcast.model;

import io.tickcast.model.network.LstmNetworkFactory;
import io.tickcast.model.training.Learner;
import org.junit.jupiter.api.BeforeAll;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins ND4J numerics for model tests (float32 defaults, one native thread, fixed RNG seed), in
 * the spirit of DL4J's own {@code BaseDL4JTest}.
 */
public abstract class ModelTestBase {

  protected static final long SEED = 42L;

  @BeforeAll
  static void pinNumerics() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    LstmNetworkFactory.configureNativeThreads();
    Nd4j.getRandom().setSeed(SEED);
  }

  /** A small, fast configuration: T=8, H=8, B=8, k=2. */
  protected static ForecasterConfig smallConfig() {
    return new ForecasterConfig(8, 8, 8, 8, 1e-3, 5, 1.0, 2, 200.0, 200, 0.0, 20, 0.05, 0.94,
        SEED);
  }

  /** Seeded standard-normal features {@code [batch, F, T]} and labels {@code [batch, 2]}. */
  protected static INDArray[] randomBatch(int batch, int seqLength, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    float[] x = new float[batch * ForecasterConfig.INPUTS * seqLength];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] y = new float[batch * 2];
    for (int i = 0; i < batch; i++) {
      y[2 * i] = (float) rnd.nextGaussian();
    }
    return new INDArray[] {
        Nd4j.create(x, new long[] {batch, ForecasterConfig.INPUTS, seqLength}, 'c'),
        Nd4j.create(y, new long[] {batch, 2}, 'c')
    };
  }

  /** Row-major features of a {@link #randomBatch}. */
  protected static float[] xs(INDArray[] batch) {
    return batch[0].dup('c').reshape(-1).toFloatVector();
  }

  /** The targets (column 0 of the DL4J-shaped labels) of a {@link #randomBatch}. */
  protected static float[] ys(INDArray[] batch) {
    return batch[1].getColumn(0).dup().toFloatVector();
  }

  /** One step of {@code learner} on a {@link #randomBatch}. */
  protected static TrainingStep step(Learner learner, INDArray[] batch) {
    return learner.step(xs(batch), ys(batch), Math.toIntExact(batch[0].size(0)));
  }

  /** {@code learner}'s forecasts of a {@link #randomBatch}'s sequences. */
  protected static double[][] predict(Learner learner, INDArray[] batch) {
    return learner.predict(xs(batch), Math.toIntExact(batch[0].size(0)));
  }
}
