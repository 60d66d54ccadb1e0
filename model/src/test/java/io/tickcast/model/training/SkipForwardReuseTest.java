package io.tickcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.network.LstmNetworkFactory;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the fast skip on, a learner whose backend reuses the skip's forward pass for the
 * micro-batch gradients ({@link KernelBackend#gradientsAfterOutputs}) steps bit for bit like one
 * on {@link GradientBackend}'s default path (an output call, then a gradient call per micro-batch,
 * each with its own forward pass): same parameters, Adam state and θ after every step.
 */
class SkipForwardReuseTest extends ModelTestBase {

  private static final int T = 8;

  /** The kernel backend without its override: takes the interface's default paths. */
  private static final class DefaultPaths implements GradientBackend {
    private final KernelBackend kernel;

    DefaultPaths(KernelBackend kernel) {
      this.kernel = kernel;
    }

    @Override
    public int numParams() {
      return kernel.numParams();
    }

    @Override
    public void load(float[] params) {
      kernel.load(params);
    }

    @Override
    public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
        float[] grad) {
      return kernel.gradient(x, labels, from, count, seqLength, grad);
    }

    @Override
    public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
        int backpropLength, float[] grad) {
      return kernel.gradient(x, labels, from, count, seqLength, backpropLength, grad);
    }

    @Override
    public void output(float[] x, int from, int count, int seqLength, float[] out) {
      kernel.output(x, from, count, seqLength, out);
    }
  }

  private static Learner learner(ForecasterConfig cfg, boolean reuse) {
    KernelBackend kernel = new KernelBackend(ForecasterConfig.INPUTS, cfg.hiddenSize());
    return new Learner(cfg, Learner.Backend.KERNEL, LstmNetworkFactory.initialParams(cfg),
        reuse ? kernel : new DefaultPaths(kernel));
  }

  @ParameterizedTest(name = "B={0} k={1} K={2}")
  @CsvSource({"16, 2, 0", "8, 3, 0", "5, 2, 3", "16, 3, 5"})
  void shouldStepBitIdenticallyToSeparateForwardPasses(int batch, int k, int bptt) {
    // Given two learners with the skip on, one reusing the forward pass and one not
    ForecasterConfig cfg = smallConfig().toBuilder().fastSkip(FastSkip.defaults())
        .microBatches(k).bpttLength(bptt).build();
    Learner reused = learner(cfg, true);
    Learner separate = learner(cfg, false);
    Random rnd = new Random(batch * 100L + k * 10L + bptt);
    int width = ForecasterConfig.INPUTS * T;
    for (int step = 0; step < 20; step++) {
      // When both step on the same batches, whose labels follow the fast input
      float[] x = new float[batch * width];
      float[] y = new float[batch];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      for (int b = 0; b < batch; b++) {
        y[b] = (float) (0.8 * FastSkip.input(x, b, T) + 0.5 * rnd.nextGaussian());
      }
      Learner.StepResult a = reused.step(x, y, null, batch, loss -> true, 1.0);
      Learner.StepResult b = separate.step(x, y, null, batch, loss -> true, 1.0);
      // Then everything that defines the model is the same bit for bit
      assertThat(a.outcome()).isEqualTo(Learner.Outcome.APPLIED).isEqualTo(b.outcome());
      TrainerSnapshot sa = reused.snapshot();
      TrainerSnapshot sb = separate.snapshot();
      assertThat(sa.params()).as("step %d", step).containsExactly(sb.params());
      assertThat(sa.updaterState()).as("step %d", step).containsExactly(sb.updaterState());
      assertThat(sa.skipState()).as("step %d", step).containsExactly(sb.skipState());
      assertThat(a.step().loss()).isEqualTo(b.step().loss());
    }
    assertThat(reused.skip()).isNotZero();
  }
}
