package io.tickcast.model.kernel;

import static io.tickcast.model.kernel.VecOps.axpy;
import static io.tickcast.model.kernel.VecOps.axpy4;

import java.util.Arrays;

/**
 * The LSTM layer's weight-gradient accumulators of {@link LstmKernel}, in the packed row layouts
 * its loops use, and their unpacking into DL4J's flattened layout. Owned by one kernel; not
 * thread-safe.
 */
final class WeightGradients {

  private final int nIn;
  private final int hidden;
  private final int gates;
  private final float[][] gWx;
  private final float[][] gWh;
  private final float[] gBias;

  WeightGradients(int nIn, int hidden) {
    this.nIn = nIn;
    this.hidden = hidden;
    this.gates = 4 * hidden;
    this.gWx = new float[nIn][gates];
    this.gWh = new float[hidden][gates];
    this.gBias = new float[gates];
  }

  /**
   * {@code gWh += Σ_r h_{t-1}(r) ⊗ dz(r)}, {@code gWx += Σ_r x_t(r) ⊗ dz(r)},
   * {@code gBias += Σ_r dz(r)} over rows r = t·B + b from {@code firstRow} (0 = all; truncated
   * BPTT starts at (T − K)·B, the rows before it are stale) to T·B − 1, four rows per pass over
   * the accumulators (rows of t = 0 add h_{-1} = 0 to the recurrent term). h_{t-1} of row r is
   * {@code hid[t·stride + off + b]}, the row of a forward pass over more sequences ({@code stride}
   * of them, these from its {@code off}-th; {@code stride = B, off = 0} is the batch's own).
   */
  void accumulate(float[] x, int from, int bLen, int tLen, int firstRow, float[][] dz,
      float[][] hid, int stride, int off) {
    final int g = gates;
    final int h = hidden;
    final int fIn = nIn;
    for (float[] row : gWx) {
      Arrays.fill(row, 0f);
    }
    for (float[] row : gWh) {
      Arrays.fill(row, 0f);
    }
    Arrays.fill(gBias, 0f);
    final int rows = tLen * bLen;
    int r = firstRow;
    for (; r + 4 <= rows; r += 4) {
      final float[] d0 = dz[r];
      final float[] d1 = dz[r + 1];
      final float[] d2 = dz[r + 2];
      final float[] d3 = dz[r + 3];
      axpy4(1f, 1f, 1f, 1f, d0, d1, d2, d3, gBias, g);
      for (int f = 0; f < fIn; f++) {
        axpy4(xAt(x, from, r, f, bLen, tLen), xAt(x, from, r + 1, f, bLen, tLen),
            xAt(x, from, r + 2, f, bLen, tLen), xAt(x, from, r + 3, f, bLen, tLen),
            d0, d1, d2, d3, gWx[f], g);
      }
      // hid[r] holds h_{t-1} for row r (zeros for t = 0).
      final float[] h0 = hid[hidRow(r, bLen, stride, off)];
      final float[] h1 = hid[hidRow(r + 1, bLen, stride, off)];
      final float[] h2 = hid[hidRow(r + 2, bLen, stride, off)];
      final float[] h3 = hid[hidRow(r + 3, bLen, stride, off)];
      for (int k = 0; k < h; k++) {
        axpy4(h0[k], h1[k], h2[k], h3[k], d0, d1, d2, d3, gWh[k], g);
      }
    }
    for (; r < rows; r++) {
      final float[] d0 = dz[r];
      axpy(1f, d0, gBias, g);
      for (int f = 0; f < fIn; f++) {
        axpy(xAt(x, from, r, f, bLen, tLen), d0, gWx[f], g);
      }
      final float[] h0 = hid[hidRow(r, bLen, stride, off)];
      for (int k = 0; k < h; k++) {
        axpy(h0[k], d0, gWh[k], g);
      }
    }
  }

  /** The forward row t·stride + off + b of row r = t·B + b. */
  private static int hidRow(int r, int bLen, int stride, int off) {
    return r + (r / bLen) * (stride - bLen) + off;
  }

  /** x[b, f, t] for row r = t·B + b of the current batch. */
  private float xAt(float[] x, int from, int r, int f, int bLen, int tLen) {
    int t = r / bLen;
    int b = r - t * bLen;
    return x[((from + b) * nIn + f) * tLen + t];
  }

  void unpack(float[] grad, int offRecurrent, int offBias) {
    final int g = gates;
    final int h = hidden;
    final int rw = offRecurrent;
    for (int j = 0; j < g; j++) {
      for (int f = 0; f < nIn; f++) {
        grad[f + j * nIn] = gWx[f][j];
      }
      final int col = rw + j * h;
      for (int k = 0; k < h; k++) {
        grad[col + k] = gWh[k][j];
      }
    }
    System.arraycopy(gBias, 0, grad, offBias, g);
  }
}
