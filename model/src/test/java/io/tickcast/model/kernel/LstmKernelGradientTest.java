package io.tickcast.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.network.Dl4jParams;
import io.tickcast.model.network.LstmNetworkFactory;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's gradient check: against DL4J's own {@code computeGradientAndScore()} on the very
 * network the trainer uses, for random parameters, inputs and labels.
 */
class LstmKernelGradientTest extends ModelTestBase {

  private static final Logger LOG = LoggerFactory.getLogger(LstmKernelGradientTest.class);
  private static final int F = ForecasterConfig.INPUTS;

  /** Max |kernel − DL4J| per parameter block, relative to the block's max |DL4J gradient|. */
  private static final double GRAD_REL_TOL = 1e-4;
  private static final double LOSS_REL_TOL = 1e-5;
  private static final double OUTPUT_TOL = 1e-5;

  /**
   * A network of the production architecture with its LSTM parameters replaced by
   * N(0, scale²) (large scales saturate the gates) and its dense head by N(0, 0.3²), which keeps
   * the loss well conditioned (a huge head amplifies float rounding through e^(−2 ln σ)). The
   * scales stay where the float32 problem itself is well conditioned: from about scale 1 at
   * H = T = 32 the recurrence turns chaotic, and DL4J's own float32 result then differs from a
   * double-precision evaluation as much as the kernel's does.
   */
  private static MultiLayerNetwork network(int seqLength, int hidden, double scale, long seed) {
    ForecasterConfig cfg = ForecasterConfig.defaults().withSeqLength(seqLength)
        .withHiddenSize(hidden);
    MultiLayerNetwork net = LstmNetworkFactory.create(cfg);
    Random rnd = new Random(seed);
    float[] p = new float[Math.toIntExact(net.numParams())];
    int dense = 4 * hidden * (F + hidden + 1);
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) ((i < dense ? scale : 0.3) * rnd.nextGaussian());
    }
    net.setParams(Nd4j.createFromArray(p).reshape(net.params().shape()));
    return net;
  }

  private record Comparison(double loss, double dl4jLoss, double worstBlockRelErr,
      double outputErr) {}

  private static Comparison compare(MultiLayerNetwork net, int batch, int seqLength, int hidden,
      INDArray[] data) {
    // DL4J reference: score is the batch MEAN, the gradient view the SUM over examples.
    net.setInput(data[0]);
    net.setLabels(data[1]);
    net.computeGradientAndScore();
    float[] expected = net.getFlattenedGradients().dup().reshape(-1).toFloatVector();
    double dl4jLoss = net.score();
    float[] expectedOut = net.output(data[0], false).dup('c').reshape(-1).toFloatVector();

    LstmKernel kernel = new LstmKernel(F, hidden);
    Dl4jParams.checkLayout(net, kernel);
    kernel.setParams(Dl4jParams.read(net.params(), null));
    float[] x = Dl4jParams.read(data[0], null);
    float[] y = ys(data);
    float[] grad = new float[kernel.numParams()];
    double loss = kernel.gradient(x, y, 0, batch, seqLength, grad) / batch;
    float[] out = new float[batch * 2];
    kernel.output(x, 0, batch, seqLength, out);

    double worst = GradientBlocks.worstRelErr(kernel, grad, expected);
    double outErr = 0;
    for (int i = 0; i < out.length; i++) {
      outErr = Math.max(outErr, Math.abs(out[i] - expectedOut[i]) / (1 + Math.abs(expectedOut[i])));
    }
    return new Comparison(loss, dl4jLoss, worst, outErr);
  }

  @ParameterizedTest(name = "B={0} T={1} H={2} scale={3}")
  @CsvSource({
      "1, 1, 1, 0.5",
      "1, 32, 32, 0.5",
      "3, 5, 4, 0.5",
      "8, 7, 3, 0.5",
      "16, 32, 32, 0.3",
      "16, 32, 32, 0.7",
      "5, 12, 64, 0.3",
      "7, 9, 6, 2.0"})
  void shouldMatchDl4jLossGradientAndOutput(int batch, int seqLength, int hidden, double scale) {
    // Given the production network with random parameters, inputs and labels
    MultiLayerNetwork net = network(seqLength, hidden, scale, 1000L * batch + seqLength);
    INDArray[] data = randomBatch(batch, seqLength, 7L * hidden + batch);

    // When the kernel and DL4J compute loss, gradient and output at the same point
    Comparison c = compare(net, batch, seqLength, hidden, data);
    LOG.info("B={} T={} H={} scale={}: loss {} vs {}, worst block rel grad err {}, output err {}",
        batch, seqLength, hidden, scale, c.loss(), c.dl4jLoss(), c.worstBlockRelErr(),
        c.outputErr());

    // Then they agree to float32 rounding
    assertThat(c.loss()).isCloseTo(c.dl4jLoss(), within(LOSS_REL_TOL * Math.abs(c.dl4jLoss())));
    assertThat(c.worstBlockRelErr()).isLessThan(GRAD_REL_TOL);
    assertThat(c.outputErr()).isLessThan(OUTPUT_TOL);
  }

  @ParameterizedTest(name = "dense log-sigma bias {0}")
  @CsvSource({"12.0", "-12.0"})
  void shouldPassTheClampedLogSigmaGradientStraightThroughLikeDl4j(double logSigmaBias) {
    // Given outputs whose raw log-sigma lies outside the ±7 clamp
    MultiLayerNetwork net = network(6, 5, 0.3, 3);
    LstmKernel layout = new LstmKernel(F, 5);
    INDArray p = net.params().dup();
    p.putScalar(layout.offDenseB() + 1, logSigmaBias);
    net.setParams(p);
    INDArray[] data = randomBatch(4, 6, 11);

    // When both compute the gradient
    Comparison c = compare(net, 4, 6, 5, data);

    // Then the loss uses the clamped value and the gradient is still DL4J's
    assertThat(c.loss()).isCloseTo(c.dl4jLoss(), within(LOSS_REL_TOL * Math.abs(c.dl4jLoss())));
    assertThat(c.worstBlockRelErr()).isLessThan(GRAD_REL_TOL);
  }

  @Test
  void shouldComputeTheGradientOfASubRangeOfTheBatch() {
    // Given 10 sequences, of which examples 3..7 form the micro-batch
    int seqLength = 8;
    int hidden = 6;
    MultiLayerNetwork net = network(seqLength, hidden, 0.5, 5);
    INDArray[] all = randomBatch(10, seqLength, 21);
    float[] x = Dl4jParams.read(all[0], null);
    float[] y = ys(all);
    LstmKernel kernel = new LstmKernel(F, hidden);
    kernel.setParams(Dl4jParams.read(net.params(), null));
    float[] grad = new float[kernel.numParams()];

    // When the kernel is pointed at that range, and DL4J gets the range as its own batch
    double loss = kernel.gradient(x, y, 3, 5, seqLength, grad);
    net.setInput(all[0].get(NDArrayIndex.interval(3, 8), NDArrayIndex.all(), NDArrayIndex.all())
        .dup('c'));
    net.setLabels(all[1].get(NDArrayIndex.interval(3, 8), NDArrayIndex.all()).dup('c'));
    net.computeGradientAndScore();

    // Then they agree
    float[] expected = net.getFlattenedGradients().dup().reshape(-1).toFloatVector();
    double maxAbs = 0;
    for (float v : expected) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) grad[i]).as("param %d", i)
          .isCloseTo(expected[i], within(GRAD_REL_TOL * maxAbs));
    }
    assertThat(loss / 5).isCloseTo(net.score(), within(LOSS_REL_TOL * net.score()));
  }

  @Test
  void shouldNotAllocateOnceItsBuffersAreSized() {
    // Given a kernel that has seen this batch shape once
    int batch = 8;
    int seqLength = 16;
    LstmKernel kernel = new LstmKernel(F, 16);
    float[] params = new float[kernel.numParams()];
    Random rnd = new Random(1);
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) (0.2 * rnd.nextGaussian());
    }
    INDArray[] data = randomBatch(batch, seqLength, 3);
    float[] x = Dl4jParams.read(data[0], null);
    float[] y = ys(data);
    float[] grad = new float[kernel.numParams()];
    float[] out = new float[2];
    for (int i = 0; i < 50; i++) {
      kernel.setParams(params);
      kernel.gradient(x, y, 0, batch, seqLength, grad);
      kernel.output(x, 0, 1, seqLength, out);
    }

    // When it runs again
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 20; i++) {
      kernel.setParams(params);
      kernel.gradient(x, y, 0, batch, seqLength, grad);
      kernel.gradient(x, y, 2, batch / 2, seqLength, grad);
      kernel.output(x, 0, 1, seqLength, out);
    }
    long allocated = mx.getThreadAllocatedBytes(tid) - before;

    // Then nothing was allocated (a little slack for the measurement itself)
    assertThat(allocated).isLessThan(1024);
  }

  @Test
  void shouldRejectANetworkWhoseLayoutDiffers() {
    // Given a network with H = 8 and a kernel built for H = 6
    MultiLayerNetwork net = network(4, 8, 0.1, 1);

    // When / Then the layout check fails loudly
    assertThatThrownBy(() -> Dl4jParams.checkLayout(net, new LstmKernel(F, 6)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("0_W");
  }
}
