package io.tickcast.model.training;

import io.tickcast.model.kernel.LstmKernel;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Computes the network's loss, gradient and forward pass from a flat parameter vector (DL4J's
 * flattened layout, see {@link io.tickcast.model.kernel.LstmKernel}). Two implementations:
 * {@link KernelBackend} (the fused Java kernel, production) and
 * {@code io.tickcast.model.network.Dl4jBackend} (DL4J's own layers, the reference the kernel is
 * tested against). Neither owns parameters or optimizer state; the {@link Learner} does.
 *
 * <p>Inputs are row-major {@code [N, F, T]} features and {@code [N]} labels (one normalised
 * target per sequence). Not thread-safe: one owner thread.
 */
public interface GradientBackend {

  /** Length of the parameter and gradient vectors. */
  int numParams();

  /**
   * Makes {@code params} the parameters of all following calls. The backend may keep a reference
   * or a repacked copy; the caller calls this again after changing them.
   */
  void load(float[] params);

  /**
   * SUM of per-example losses and SUM of per-example gradients of sequences
   * {@code from .. from+count-1} at the loaded parameters.
   *
   * @param grad receives the gradient (overwritten)
   */
  double gradient(float[] x, float[] labels, int from, int count, int seqLength, float[] grad);

  /**
   * As {@link #gradient(float[], float[], int, int, int, float[])} with backpropagation through
   * time truncated to the last {@code backpropLength} steps (K; {@code K >= T} = full BPTT, the
   * same result as the six-argument call). See
   * {@link io.tickcast.model.kernel.LstmKernel#gradient(float[], float[], int, int, int, int,
   * float[])} for the semantics.
   *
   * @throws UnsupportedOperationException if the backend cannot truncate and {@code K < T}
   */
  default double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      int backpropLength, float[] grad) {
    if (backpropLength < seqLength) {
      throw new UnsupportedOperationException(getClass().getSimpleName()
          + " computes full BPTT only, asked for K=" + backpropLength + " < T=" + seqLength);
    }
    return gradient(x, labels, from, count, seqLength, grad);
  }

  /** A gradient of sequences {@code from .. from+count-1}, for {@link #gradientsAfterOutputs}. */
  @FunctionalInterface
  interface MicroGradient {
    /** As {@link #gradient(float[], float[], int, int, int, int, float[])}; returns the loss. */
    double gradient(int from, int count, float[] grad);
  }

  /**
   * Trains on labels derived from the network's own outputs: hands the raw outputs of sequences
   * {@code 0 .. count-1} at the loaded parameters ({@code [count][2]}, as {@link #output}) to
   * {@code labels}, which returns the labels to train on ({@code [count]}), then runs
   * {@code body} with a {@link MicroGradient} of those sequences on those labels, backpropagating
   * through the last {@code backpropLength} steps; valid only during the call. Returns what
   * {@code body} returns.
   *
   * <p>By default an {@link #output} call, then one {@link #gradient} call per micro-batch, each
   * with its own forward pass; {@link KernelBackend} runs one forward pass for all of them, with
   * bit-identical results.
   */
  default double gradientsAfterOutputs(float[] x, int count, int seqLength, int backpropLength,
      UnaryOperator<float[]> labels, ToDoubleFunction<MicroGradient> body) {
    float[] out = new float[count * LstmKernel.OUTPUTS];
    output(x, 0, count, seqLength, out);
    float[] y = labels.apply(out);
    return body.applyAsDouble((from, size, grad) ->
        gradient(x, y, from, size, seqLength, backpropLength, grad));
  }

  /**
   * Raw outputs {@code (mu, ln σ)} (log-sigma not yet clamped) of sequences
   * {@code from .. from+count-1}, into {@code out[0 .. 2·count)}.
   */
  void output(float[] x, int from, int count, int seqLength, float[] out);

  /**
   * The last hidden states h_T ({@code [count][H]} into {@code hidden}) and the raw outputs
   * ({@code [count][2]} into {@code out}) of sequences {@code from .. from+count-1}: the dense
   * head's inputs, for its closed-form refit.
   *
   * @throws UnsupportedOperationException if the backend does not expose them
   */
  default void lastHidden(float[] x, int from, int count, int seqLength, float[] hidden,
      float[] out) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " does not expose the last hidden state");
  }
}
