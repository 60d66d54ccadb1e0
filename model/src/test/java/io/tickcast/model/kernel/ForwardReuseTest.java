package io.tickcast.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LstmKernel#gradientFromForward}: micro-batch gradients on the activations of one forward
 * pass over the whole batch are bit for bit those of separate {@link LstmKernel#gradient} calls
 * (each with its own forward pass over just the micro-batch), and that pass's outputs are
 * {@link LstmKernel#output}'s. The learner's fast skip relies on it for bit-identical steps.
 */
class ForwardReuseTest {

  private static final int F = 6;
  private static final int H = 8;
  private static final int T = 8;

  private static float[] randoms(int n, double scale, Random rnd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * rnd.nextGaussian());
    }
    return v;
  }

  @ParameterizedTest(name = "B={0} k={1} K={2}")
  @CsvSource({
      "5, 1, 8", "5, 2, 8", "5, 3, 8", "8, 1, 8", "8, 2, 8", "8, 3, 8",
      "16, 1, 8", "16, 2, 8", "16, 3, 8",
      "5, 2, 3", "5, 3, 1", "8, 2, 3", "8, 3, 5", "16, 2, 3", "16, 3, 1", "16, 1, 4"})
  void shouldMatchSeparateMicroBatchGradientsExactly(int batch, int k, int bptt) {
    for (long seed = 1; seed <= 3; seed++) {
      // Given random parameters, a random batch and two kernels with them
      Random rnd = new Random(seed * 31 + batch * 7 + k * 3 + bptt);
      float[] params = randoms(LstmKernel.numParams(F, H), 0.5, rnd);
      float[] x = randoms(batch * F * T, 1, rnd);
      float[] y = randoms(batch, 1, rnd);
      LstmKernel reused = new LstmKernel(F, H);
      LstmKernel separate = new LstmKernel(F, H);
      reused.setParams(params);
      separate.setParams(params);
      // A previous, larger call leaves stale rows behind in both (truncated BPTT skips them).
      float[] big = randoms(2 * batch * F * T, 1, rnd);
      float[] scratch = new float[params.length];
      reused.gradient(big, randoms(2 * batch, 1, rnd), 0, 2 * batch, T, scratch);
      separate.gradient(big, randoms(2 * batch, 1, rnd), 0, 2 * batch, T, scratch);

      // When one kernel runs one forward pass over the batch and the micro-batches reuse it
      float[] out = new float[batch * LstmKernel.OUTPUTS];
      reused.output(x, 0, batch, T, out);
      float[] expectedOut = new float[out.length];
      LstmKernel fresh = new LstmKernel(F, H);
      fresh.setParams(params);
      fresh.output(x, 0, batch, T, expectedOut);
      // Then the outputs are output()'s and every micro-batch gradient and loss is exact
      assertThat(out).containsExactly(expectedOut);
      int from = 0;
      for (int j = 0; j < k; j++) {
        int size = batch / k + (j < batch % k ? 1 : 0);
        float[] got = new float[params.length];
        float[] want = new float[params.length];
        double lossGot = reused.gradientFromForward(x, y, from, size, T, bptt, got);
        double lossWant = separate.gradient(x, y, from, size, T, bptt, want);
        assertThat(got).as("micro-batch %d", j).containsExactly(want);
        assertThat(lossGot).isEqualTo(lossWant);
        from += size;
      }
    }
  }

  @Test
  void shouldRefuseWithoutAMatchingForwardPass() {
    Random rnd = new Random(5);
    float[] params = randoms(LstmKernel.numParams(F, H), 0.5, rnd);
    float[] x = randoms(8 * F * T, 1, rnd);
    float[] y = randoms(8, 1, rnd);
    float[] grad = new float[params.length];
    LstmKernel kernel = new LstmKernel(F, H);
    kernel.setParams(params);
    // No forward pass yet
    assertThatThrownBy(() -> kernel.gradientFromForward(x, y, 0, 4, T, T, grad))
        .isInstanceOf(IllegalStateException.class);
    kernel.output(x, 2, 4, T, new float[8]);
    // Sequences outside the pass, another input, another T
    assertThatThrownBy(() -> kernel.gradientFromForward(x, y, 1, 2, T, T, grad))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kernel.gradientFromForward(x, y, 4, 3, T, T, grad))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kernel.gradientFromForward(x.clone(), y, 2, 4, T, T, grad))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kernel.gradientFromForward(x, y, 2, 4, T - 1, T, grad))
        .isInstanceOf(IllegalStateException.class);
    kernel.gradientFromForward(x, y, 3, 2, T, T, grad);
    // New parameters invalidate the pass
    kernel.setParams(params);
    assertThatThrownBy(() -> kernel.gradientFromForward(x, y, 2, 4, T, T, grad))
        .isInstanceOf(IllegalStateException.class);
  }
}
