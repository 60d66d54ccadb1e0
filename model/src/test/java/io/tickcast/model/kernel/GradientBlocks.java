package io.tickcast.model.kernel;

/** Test helper: compares a kernel gradient with a reference block by block. */
final class GradientBlocks {

  private GradientBlocks() {}

  /**
   * Worst per-block error of {@code got} relative to the block's largest |expected| (absolute
   * where the block is all zero); blocks are the LSTM input, recurrent and bias weights and the
   * dense head's weights and bias, in the kernel's flattened layout.
   */
  static double worstRelErr(LstmKernel k, float[] got, double[] expected) {
    int[] start = {0, k.offRecurrent(), k.offBias(), k.offDenseW(), k.offDenseB(), k.numParams()};
    double worst = 0;
    for (int blk = 0; blk + 1 < start.length; blk++) {
      double maxAbs = 0;
      double maxErr = 0;
      for (int i = start[blk]; i < start[blk + 1]; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        maxErr = Math.max(maxErr, Math.abs(expected[i] - got[i]));
      }
      worst = Math.max(worst, maxAbs == 0 ? maxErr : maxErr / maxAbs);
    }
    return worst;
  }

  /** {@link #worstRelErr(LstmKernel, float[], double[])} against a float reference. */
  static double worstRelErr(LstmKernel k, float[] got, float[] expected) {
    double[] e = new double[expected.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = expected[i];
    }
    return worstRelErr(k, got, e);
  }
}
