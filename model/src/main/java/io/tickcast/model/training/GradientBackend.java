package io.tickcast.model.training;

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

  /**
   * As the seven-argument {@code gradient}, also writing the raw outputs {@code (mu, ln σ)} of
   * those sequences at the same parameters into {@code outputs[2·from .. 2·(from + count))}. The
   * default runs one more forward pass; the kernel hands over the one its gradient made.
   */
  default double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      int backpropLength, float[] grad, float[] outputs) {
    double loss = gradient(x, labels, from, count, seqLength, backpropLength, grad);
    float[] own = new float[count * io.tickcast.model.kernel.LstmKernel.OUTPUTS];
    output(x, from, count, seqLength, own);
    System.arraycopy(own, 0, outputs, from * io.tickcast.model.kernel.LstmKernel.OUTPUTS,
        own.length);
    return loss;
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
