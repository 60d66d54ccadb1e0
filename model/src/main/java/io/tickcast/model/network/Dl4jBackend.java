package io.tickcast.model.network;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.training.GradientBackend;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@link GradientBackend}: DL4J's own layers ({@code computeGradientAndScore()} and
 * {@code output()}) on a network built by {@link LstmNetworkFactory}. It exists to keep the
 * kernel honest (parity tests, benchmarks) and is 87–600× slower at production sizes; it copies
 * parameters and inputs into native arrays on every call. Not thread-safe.
 */
public final class Dl4jBackend implements GradientBackend {

  private final MultiLayerNetwork net;
  private final int numParams;

  public Dl4jBackend(ForecasterConfig cfg) {
    this.net = LstmNetworkFactory.create(cfg);
    this.numParams = Math.toIntExact(net.numParams());
    Dl4jParams.checkLayout(net, new LstmKernel(ForecasterConfig.INPUTS, cfg.hiddenSize()));
    if (net.getFlattenedGradients() == null) {
      // DL4J creates the gradient view lazily on its first backprop.
      net.initGradientsView();
    }
  }

  @Override
  public int numParams() {
    return numParams;
  }

  @Override
  public void load(float[] params) {
    Dl4jParams.write(params, net.params());
  }

  @Override
  public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      float[] grad) {
    net.setInput(features(x, from, count, seqLength));
    // DL4J's output layer wants labels shaped like its [count, 2] output; column 1 is unused.
    float[] y = new float[count * LstmKernel.OUTPUTS];
    for (int i = 0; i < count; i++) {
      y[i * LstmKernel.OUTPUTS] = labels[from + i];
    }
    net.setLabels(Nd4j.create(y, new long[] {count, LstmKernel.OUTPUTS}, 'c'));
    net.computeGradientAndScore();
    Dl4jParams.read(net.getFlattenedGradients(), grad);
    // score() is the MEAN loss; the gradient view holds the SUM.
    return net.score() * count;
  }

  @Override
  public void output(float[] x, int from, int count, int seqLength, float[] out) {
    INDArray o = net.output(features(x, from, count, seqLength), false);
    Dl4jParams.read(o, out);
  }

  private static INDArray features(float[] x, int from, int count, int seqLength) {
    int per = ForecasterConfig.INPUTS * seqLength;
    return Nd4j.create(Arrays.copyOfRange(x, from * per, (from + count) * per),
        new long[] {count, ForecasterConfig.INPUTS, seqLength}, 'c');
  }
}
