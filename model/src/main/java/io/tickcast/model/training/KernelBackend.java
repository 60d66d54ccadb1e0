package io.tickcast.model.training;

import io.tickcast.model.kernel.LstmKernel;

/**
 * The production {@link GradientBackend}: the fused pure-Java {@link LstmKernel}. {@link #load}
 * repacks the parameters into the kernel's row layout once per parameter change (not per call).
 * No ND4J, no native memory. Not thread-safe.
 */
public final class KernelBackend implements GradientBackend {

  private final LstmKernel kernel;

  public KernelBackend(int nIn, int hidden) {
    this.kernel = new LstmKernel(nIn, hidden);
  }

  @Override
  public int numParams() {
    return kernel.numParams();
  }

  @Override
  public void load(float[] params) {
    kernel.setParams(params);
  }

  @Override
  public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      float[] grad) {
    return kernel.gradient(x, labels, from, count, seqLength, grad);
  }

  @Override
  public void output(float[] x, int from, int count, int seqLength, float[] out) {
    kernel.output(x, from, count, seqLength, out);
  }
}
