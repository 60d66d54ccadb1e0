package io.tickcast.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.network.Dl4jParams;
import io.tickcast.model.network.LstmNetworkFactory;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel's truncated BPTT (gradients flow back through the last K of T steps) against an
 * independent double-precision reference written from the LSTM equations: plain loops,
 * straightforward BPTT with h and c before step T − K held constant (stop-gradient). The
 * reference itself is checked against DL4J's full-BPTT gradient at K = T.
 *
 * <p>Why not DL4J's own {@code BackpropType.TruncatedBPTT}: it runs the forward pass with stored
 * RNN state ({@code rnnActivateUsingStoredState}), which {@code LastTimeStep} does not reduce to
 * the last step, so on the forecaster's network it fails ("Input that is not a matrix ... rank 3
 * ... OutputLayer", DL4J 1.0.0-M2.1); DL4J's TBPTT is meant for per-step {@code RnnOutputLayer}s.
 */
class TruncatedBpttTest extends ModelTestBase {

  private static final int F = ForecasterConfig.INPUTS;
  /** Max |kernel − reference| per parameter block, relative to the block's max |reference|. */
  private static final double GRAD_REL_TOL = 1e-4;

  private static float[] params(int hidden, double scale, long seed) {
    LstmKernel layout = new LstmKernel(F, hidden);
    Random rnd = new Random(seed);
    float[] p = new float[layout.numParams()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) ((i < layout.offDenseW() ? scale : 0.3) * rnd.nextGaussian());
    }
    return p;
  }

  private static float[] randoms(int n, long seed) {
    Random rnd = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The reference: loss SUM and gradient SUM over {@code batch} sequences, in DL4J's flat layout
   * (see {@link LstmKernel}), gradients through steps {@code T − K .. T − 1} only.
   */
  static double reference(float[] p, float[] x, float[] y, int batch, int tLen, int hid, int k,
      double[] grad) {
    final int g4 = 4 * hid;
    final int offR = g4 * F;
    final int offB = g4 * (F + hid);
    final int offW = g4 * (F + hid + 1);
    final int offDb = offW + 2 * hid;
    final int stop = Math.max(0, tLen - k);
    Arrays.fill(grad, 0);
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      double[][] h = new double[tLen + 1][hid];
      double[][] c = new double[tLen + 1][hid];
      double[][] gate = new double[tLen][g4];
      for (int t = 0; t < tLen; t++) {
        for (int j = 0; j < g4; j++) {
          double z = p[offB + j];
          for (int f = 0; f < F; f++) {
            z += x[(b * F + f) * tLen + t] * p[f + j * F];
          }
          for (int q = 0; q < hid; q++) {
            z += h[t][q] * p[offR + q + j * hid];
          }
          gate[t][j] = j < hid ? Math.tanh(z) : sigmoid(z);
        }
        for (int j = 0; j < hid; j++) {
          c[t + 1][j] = gate[t][hid + j] * c[t][j] + gate[t][3 * hid + j] * gate[t][j];
          h[t + 1][j] = gate[t][2 * hid + j] * Math.tanh(c[t + 1][j]);
        }
      }
      double mu = p[offDb];
      double ls = p[offDb + 1];
      for (int q = 0; q < hid; q++) {
        mu += h[tLen][q] * p[offW + q];
        ls += h[tLen][q] * p[offW + hid + q];
      }
      double s = GaussianNll.clampLogSigma(ls);
      double diff = y[b] - mu;
      double inv = Math.exp(-2 * s);
      loss += 0.5 * diff * diff * inv + s;
      double eMu = -diff * inv;
      double eSigma = 1 - diff * diff * inv;
      grad[offDb] += eMu;
      grad[offDb + 1] += eSigma;
      double[] dh = new double[hid];
      double[] dc = new double[hid];
      for (int q = 0; q < hid; q++) {
        grad[offW + q] += h[tLen][q] * eMu;
        grad[offW + hid + q] += h[tLen][q] * eSigma;
        dh[q] = eMu * p[offW + q] + eSigma * p[offW + hid + q];
      }
      for (int t = tLen - 1; t >= stop; t--) {
        double[] dz = new double[g4];
        for (int j = 0; j < hid; j++) {
          double a = gate[t][j];
          double fg = gate[t][hid + j];
          double o = gate[t][2 * hid + j];
          double ig = gate[t][3 * hid + j];
          double tc = Math.tanh(c[t + 1][j]);
          double dcj = dc[j] + dh[j] * o * (1 - tc * tc);
          dz[j] = dcj * ig * (1 - a * a);
          dz[hid + j] = dcj * c[t][j] * fg * (1 - fg);
          dz[2 * hid + j] = dh[j] * tc * o * (1 - o);
          dz[3 * hid + j] = dcj * a * ig * (1 - ig);
          dc[j] = dcj * fg;
        }
        double[] dhPrev = new double[hid];
        for (int j = 0; j < g4; j++) {
          grad[offB + j] += dz[j];
          for (int f = 0; f < F; f++) {
            grad[f + j * F] += x[(b * F + f) * tLen + t] * dz[j];
          }
          for (int q = 0; q < hid; q++) {
            grad[offR + q + j * hid] += h[t][q] * dz[j];
            dhPrev[q] += p[offR + q + j * hid] * dz[j];
          }
        }
        dh = dhPrev; // at t = stop this is dropped: h_{stop-1} is a constant
      }
    }
    return loss;
  }

  @ParameterizedTest(name = "B={0} T={1} H={2} K={3}")
  @CsvSource({
      "1, 1, 1, 1",
      "3, 5, 4, 2",
      "5, 9, 6, 1",
      "16, 32, 32, 8",
      "16, 32, 32, 16",
      "7, 12, 5, 12",
      "4, 10, 8, 40"})
  void shouldMatchTheIndependentReference(int batch, int tLen, int hidden, int k) {
    // Given random parameters, inputs and labels
    float[] p = params(hidden, 0.5, 31L * tLen + k);
    float[] x = randoms(batch * F * tLen, 7L * hidden + batch);
    float[] y = randoms(batch, 3L * batch + k);
    LstmKernel kernel = loaded(p, hidden);

    // When the kernel and the reference compute the K-step truncated gradient
    float[] grad = new float[kernel.numParams()];
    double loss = kernel.gradient(x, y, 0, batch, tLen, k, grad);
    double[] expected = new double[kernel.numParams()];
    double refLoss = reference(p, x, y, batch, tLen, hidden, k, expected);

    // Then they agree to float32 rounding
    assertThat(loss).isCloseTo(refLoss, org.assertj.core.data.Percentage.withPercentage(1e-3));
    assertThat(GradientBlocks.worstRelErr(kernel, grad, expected)).isLessThan(GRAD_REL_TOL);
  }

  @Test
  void shouldHaveAReferenceThatEqualsDl4jsGradientAtFullLength() {
    // Given the production network at random parameters and a random batch
    int batch = 5;
    int tLen = 9;
    int hidden = 6;
    MultiLayerNetwork net = LstmNetworkFactory.create(
        ForecasterConfig.defaults().withSeqLength(tLen).withHiddenSize(hidden));
    float[] p = params(hidden, 0.5, 17);
    net.setParams(Nd4j.createFromArray(p).reshape(net.params().shape()));
    INDArray[] data = randomBatch(batch, tLen, 19);

    // When DL4J and the reference (K = T) compute the gradient
    net.setInput(data[0]);
    net.setLabels(data[1]);
    net.computeGradientAndScore();
    float[] dl4j = net.getFlattenedGradients().dup().reshape(-1).toFloatVector();
    double[] ref = new double[p.length];
    double loss = reference(p, Dl4jParams.read(data[0], null), ys(data), batch, tLen, hidden,
        tLen, ref);

    // Then they agree to float32 rounding (DL4J's gradient is the SUM, its score the MEAN)
    double[] asDouble = new double[dl4j.length];
    for (int i = 0; i < dl4j.length; i++) {
      asDouble[i] = dl4j[i];
    }
    float[] refAsFloat = new float[ref.length];
    for (int i = 0; i < ref.length; i++) {
      refAsFloat[i] = (float) ref[i];
    }
    assertThat(GradientBlocks.worstRelErr(new LstmKernel(F, hidden), refAsFloat, asDouble))
        .isLessThan(GRAD_REL_TOL);
    assertThat(loss / batch).isCloseTo(net.score(),
        org.assertj.core.data.Percentage.withPercentage(1e-3));
  }

  @Test
  void shouldBeBitIdenticalToFullBpttWhenKIsAtLeastT() {
    // Given one batch
    int batch = 6;
    int tLen = 10;
    float[] p = params(7, 0.5, 1);
    float[] x = randoms(batch * F * tLen, 2);
    float[] y = randoms(batch, 3);
    LstmKernel kernel = loaded(p, 7);
    float[] full = new float[kernel.numParams()];
    float[] atT = new float[kernel.numParams()];
    float[] beyond = new float[kernel.numParams()];

    // When the gradient is computed untruncated, with K = T and with K > T
    double lossFull = kernel.gradient(x, y, 0, batch, tLen, full);
    double lossAtT = kernel.gradient(x, y, 0, batch, tLen, tLen, atT);
    double lossBeyond = kernel.gradient(x, y, 0, batch, tLen, 3 * tLen, beyond);

    // Then all three are the same bits
    assertThat(atT).containsExactly(full);
    assertThat(beyond).containsExactly(full);
    assertThat(lossAtT).isEqualTo(lossFull);
    assertThat(lossBeyond).isEqualTo(lossFull);
  }

  @Test
  void shouldChangeTheLstmGradientButNotTheHeadsOrTheLoss() {
    // Given one batch at T = 16
    int batch = 8;
    int tLen = 16;
    float[] p = params(8, 0.7, 5);
    float[] x = randoms(batch * F * tLen, 6);
    float[] y = randoms(batch, 7);
    LstmKernel kernel = loaded(p, 8);
    float[] full = new float[kernel.numParams()];
    float[] cut = new float[kernel.numParams()];

    // When the gradient is truncated to K = 4
    double lossFull = kernel.gradient(x, y, 0, batch, tLen, full);
    double lossCut = kernel.gradient(x, y, 0, batch, tLen, 4, cut);

    // Then the LSTM input weights' gradient differs well beyond rounding, while the loss and the
    // dense head's gradient (which see only h_T) are the same bits
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < kernel.offRecurrent(); i++) {
      maxAbs = Math.max(maxAbs, Math.abs(full[i]));
      maxDiff = Math.max(maxDiff, Math.abs(full[i] - cut[i]));
    }
    assertThat(maxDiff / maxAbs).isGreaterThan(100 * GRAD_REL_TOL);
    assertThat(Arrays.copyOfRange(cut, kernel.offDenseW(), kernel.numParams()))
        .containsExactly(Arrays.copyOfRange(full, kernel.offDenseW(), kernel.numParams()));
    assertThat(lossCut).isEqualTo(lossFull);
  }

  @Test
  void shouldNotReadRowsLeftOverFromAnEarlierFullCall() {
    // Given a kernel that just ran full BPTT on another batch (its buffers hold that batch's rows)
    int batch = 5;
    int tLen = 12;
    float[] p = params(6, 0.5, 9);
    float[] x = randoms(batch * F * tLen, 10);
    float[] y = randoms(batch, 11);
    float[] other = randoms(batch * F * tLen, 12);
    LstmKernel used = new LstmKernel(F, 6);
    used.setParams(p);
    float[] scratch = new float[used.numParams()];
    used.gradient(other, y, 0, batch, tLen, scratch);
    LstmKernel fresh = new LstmKernel(F, 6);
    fresh.setParams(p);

    // When both compute a truncated gradient of the same batch (K = 3, not a multiple of 4 rows)
    float[] a = new float[used.numParams()];
    float[] b = new float[used.numParams()];
    used.gradient(x, y, 0, batch, tLen, 3, a);
    fresh.gradient(x, y, 0, batch, tLen, 3, b);

    // Then the results are the same bits
    assertThat(a).containsExactly(b);
  }

  @Test
  void shouldRejectANonPositiveBackpropLength() {
    LstmKernel kernel = loaded(params(3, 0.5, 1), 3);
    float[] grad = new float[kernel.numParams()];
    assertThatThrownBy(() -> kernel.gradient(randoms(F * 4, 1), new float[1], 0, 1, 4, 0, grad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backpropLength");
  }

  @Test
  void shouldNotAllocateWhenTruncated() {
    // Given a kernel that has seen this shape once
    int batch = 8;
    int tLen = 16;
    LstmKernel kernel = new LstmKernel(F, 16);
    float[] p = params(16, 0.2, 1);
    float[] x = randoms(batch * F * tLen, 2);
    float[] y = randoms(batch, 3);
    float[] grad = new float[kernel.numParams()];
    for (int i = 0; i < 50; i++) {
      kernel.setParams(p);
      kernel.gradient(x, y, 0, batch, tLen, 4, grad);
    }

    // When it runs again
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 20; i++) {
      kernel.gradient(x, y, 0, batch, tLen, 4, grad);
      kernel.gradient(x, y, 2, batch / 2, tLen, 7, grad);
    }
    long allocated = mx.getThreadAllocatedBytes(tid) - before;

    // Then nothing was allocated (a little slack for the measurement itself)
    assertThat(allocated).isLessThan(1024);
  }

  /** A kernel of {@code hidden} units holding {@code p}. */
  private static LstmKernel loaded(float[] p, int hidden) {
    LstmKernel kernel = new LstmKernel(F, hidden);
    kernel.setParams(p);
    return kernel;
  }
}
