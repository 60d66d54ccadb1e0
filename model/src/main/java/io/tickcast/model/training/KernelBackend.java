package io.tickcast.model.training;

import io.tickcast.model.kernel.LstmKernel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The production {@link GradientBackend}: the fused pure-Java {@link LstmKernel}. No ND4J, no
 * native memory.
 *
 * <p>Backends compute, they do not own: this one keeps only a reference to the learner's
 * parameter vector. The kernel (its row-packed copy of the parameters and its per-(time step,
 * example) buffers, ≈0.4 MB at the defaults) is borrowed per call from a per-thread pool
 * ({@link ThreadScratch}), so any number of live models on a thread share one. Each
 * {@link #load} takes a globally unique load id; a pooled kernel remembers the id it last
 * repacked, so it repacks only when it last served another model or the parameters changed
 * (one pass over the parameters) — results are bit-identical to an owned kernel.
 *
 * <p>Not thread-safe: one caller at a time (a model may move between threads between calls).
 */
public final class KernelBackend implements GradientBackend {

  /** A pooled kernel and the load it holds. */
  private static final class Slot {
    final LstmKernel kernel;
    long loadedId = -1;

    Slot(int nIn, int hidden) {
      this.kernel = new LstmKernel(nIn, hidden);
    }
  }

  private static final AtomicLong LOADS = new AtomicLong();
  private static final ThreadScratch<Slot> KERNELS = new ThreadScratch<>(Slot::new);

  private final int nIn;
  private final int hidden;
  private final int numParams;
  private float[] params;
  private long loadId = -1;

  public KernelBackend(int nIn, int hidden) {
    this.nIn = nIn;
    this.hidden = hidden;
    this.numParams = LstmKernel.numParams(nIn, hidden);
  }

  @Override
  public int numParams() {
    return numParams;
  }

  @Override
  public void load(float[] params) {
    if (params.length < numParams) {
      throw new IllegalArgumentException("need " + numParams + " parameters, got "
          + params.length);
    }
    this.params = params;
    this.loadId = LOADS.incrementAndGet();
  }

  @Override
  public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      float[] grad) {
    return gradient(x, labels, from, count, seqLength, seqLength, grad);
  }

  @Override
  public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      int backpropLength, float[] grad) {
    ThreadScratch.Lease<Slot> lease = KERNELS.acquire(nIn, hidden);
    try {
      return kernel(lease.value()).gradient(x, labels, from, count, seqLength, backpropLength,
          grad);
    } finally {
      lease.release();
    }
  }

  @Override
  public void output(float[] x, int from, int count, int seqLength, float[] out) {
    ThreadScratch.Lease<Slot> lease = KERNELS.acquire(nIn, hidden);
    try {
      kernel(lease.value()).output(x, from, count, seqLength, out);
    } finally {
      lease.release();
    }
  }

  /**
   * One forward pass over the batch under one kernel lease (the pass the micro-batches' backward
   * reuses must not cross calls): {@link LstmKernel#gradientFromForward}.
   */
  @Override
  public double gradientsAfterOutputs(float[] x, int count, int seqLength, int backpropLength,
      UnaryOperator<float[]> labels, ToDoubleFunction<MicroGradient> body) {
    ThreadScratch.Lease<Slot> lease = KERNELS.acquire(nIn, hidden);
    try {
      LstmKernel kernel = kernel(lease.value());
      float[] out = new float[count * LstmKernel.OUTPUTS];
      kernel.output(x, 0, count, seqLength, out);
      float[] y = labels.apply(out);
      return body.applyAsDouble((from, size, grad) ->
          kernel.gradientFromForward(x, y, from, size, seqLength, backpropLength, grad));
    } finally {
      lease.release();
    }
  }

  @Override
  public void lastHidden(float[] x, int from, int count, int seqLength, float[] hiddenOut,
      float[] out) {
    ThreadScratch.Lease<Slot> lease = KERNELS.acquire(nIn, hidden);
    try {
      kernel(lease.value()).lastHidden(x, from, count, seqLength, hiddenOut, out);
    } finally {
      lease.release();
    }
  }

  /** The slot's kernel holding this backend's current parameters. */
  private LstmKernel kernel(Slot slot) {
    if (params == null) {
      throw new IllegalStateException("no parameters loaded");
    }
    if (slot.loadedId != loadId) {
      slot.loadedId = -1; // stays invalid if the repack throws
      slot.kernel.setParams(params);
      slot.loadedId = loadId;
    }
    return slot.kernel;
  }
}
