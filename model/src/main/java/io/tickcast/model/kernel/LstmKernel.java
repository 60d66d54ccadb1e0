package io.tickcast.model.kernel;

import static io.tickcast.model.kernel.VecOps.matVecAcc;

import java.util.Arrays;

/**
 * Fused forward pass, Gaussian-NLL loss and backpropagation-through-time for exactly the
 * forecaster's network (see {@code LstmNetworkFactory}): one LSTM layer of {@code H} tanh units
 * with sigmoid gates and no peepholes, input {@code [B, F, T]}, of which only the last hidden
 * state feeds a dense 2-unit identity head {@code (mu, ln σ)} trained with
 * {@link GaussianNll}.
 *
 * <p><b>Why it exists.</b> DL4J runs this network as a couple of thousand native ops per step,
 * each far smaller than its call overhead, while the FLOPs of a whole step take well under a
 * millisecond. Here a step is a few plain loops over {@code float[]} and no ND4J call.
 *
 * <p><b>Parameters</b> are read and gradients written in DL4J's flattened layout, so the
 * network's parameter vector, its updater state and the persisted model stay the canonical
 * model ({@code io.tickcast.model.network.Dl4jParams#checkLayout} checks these offsets against a
 * real network; this package itself has no DL4J dependency):
 * <pre>
 *   LSTM W  [F, 4H] 'f'   at 0
 *   LSTM RW [H, 4H] 'f'   at 4H·F
 *   LSTM b  [4H]          at 4H·(F + H)
 *   dense W [H, 2]  'f'   at 4H·(F + H + 1)
 *   dense b [2]           at 4H·(F + H + 1) + 2H
 * </pre>
 * with DL4J's gate blocks in the order {@code [block input a (tanh), forget f, output o,
 * input gate g]}: {@code c_t = f·c_{t-1} + g·a}, {@code h_t = o·tanh(c_t)}, zero initial state.
 *
 * <p><b>Truncated BPTT</b> (optional, {@link #gradient(float[], float[], int, int, int, int,
 * float[])}): the backward pass stops K steps from the end; the dense head is {@link DenseHead}.
 *
 * <p><b>Loss and gradient conventions</b> follow DL4J's output layer: {@link #gradient} returns
 * the SUM of per-example losses (DL4J's score is the mean) and the SUM of per-example gradients
 * (DL4J's updater divides by the batch size). The outputs are float32 like DL4J's; the loss and
 * its derivative are evaluated in double exactly as {@link GaussianNll} does (log-sigma
 * clamped, derivative at the clamped value passed straight through) and rounded to float before
 * backpropagation. Activations use {@link Activations}, within a few float ulps of DL4J's.
 *
 * <p><b>Performance notes.</b> HotSpot C2 (JDK 17) auto-vectorises a loop only when all its
 * array accesses share one alignment, which in practice means the same index expression. So
 * every hot loop runs over whole rows ({@code float[]} per weight row and per time step and
 * example, all indexed from 0), and the matrix products are written as fused four-row
 * {@code axpy}s ({@link VecOps#axpy4}) to halve the loads and stores per multiply-add. The weight
 * gradients are accumulated after the recurrence, four (time step, example) rows at a time.
 * All buffers are owned by the instance and grown on demand: steady-state calls allocate nothing.
 * In production an instance is scratch, pooled per thread by {@code training.KernelBackend}, and
 * serves any number of models: {@link #setParams} before a call makes it theirs.
 *
 * <p>Not thread-safe: one instance per owner thread.
 */
public final class LstmKernel {

  /** Output units: mu and log sigma. */
  public static final int OUTPUTS = 2;

  private final int nIn;
  private final int hidden;
  private final int gates;

  // Parameters, repacked as rows for the loops that read them.
  /** Input weights: row f (length 4H) is scaled by feature f. */
  private final float[][] wx;
  /** Recurrent weights: row k (length 4H) is scaled by h_{t-1}[k]. */
  private final float[][] wh;
  /** Recurrent weights transposed: row j (length H) is scaled by dz[j] for dh_{t-1}. */
  private final float[][] whT;
  private final float[] bias;
  /** The dense head: its parameters and gradient. */
  private final DenseHead head;

  // Gradient accumulators in the same packed layouts (the LSTM weights' in {@link #weights}).
  private final WeightGradients weights;

  /** Per-(time step, example) rows and the forward pass they hold. */
  private final RowBuffers rows;
  private final float[] xcol;

  /**
   * @param nIn F, features per time step
   * @param hidden H, LSTM units
   */
  public LstmKernel(int nIn, int hidden) {
    if (nIn < 1 || hidden < 1) {
      throw new IllegalArgumentException("nIn and hidden must be >= 1: " + nIn + ", " + hidden);
    }
    this.nIn = nIn;
    this.hidden = hidden;
    this.gates = 4 * hidden;
    this.wx = new float[nIn][gates];
    this.wh = new float[hidden][gates];
    this.whT = new float[gates][hidden];
    this.bias = new float[gates];
    this.head = new DenseHead(hidden);
    this.weights = new WeightGradients(nIn, hidden);
    this.xcol = new float[nIn];
    this.rows = new RowBuffers(hidden);
  }

  /** Length of the flattened parameter (and gradient) vector for {@code F} and {@code H}. */
  public static int numParams(int nIn, int hidden) {
    return 4 * hidden * (nIn + hidden + 1) + OUTPUTS * hidden + OUTPUTS;
  }

  public int numParams() {
    return numParams(nIn, hidden);
  }

  public int nIn() {
    return nIn;
  }

  public int hidden() {
    return hidden;
  }

  /** Offset of a block in the flattened layout (see the class comment). */
  public int offRecurrent() {
    return gates * nIn;
  }

  /** Offset of a block in the flattened layout (see the class comment). */
  public int offBias() {
    return gates * (nIn + hidden);
  }

  /** Offset of a block in the flattened layout (see the class comment). */
  public int offDenseW() {
    return gates * (nIn + hidden + 1);
  }

  /** Offset of a block in the flattened layout (see the class comment). */
  public int offDenseB() {
    return offDenseW() + OUTPUTS * hidden;
  }

  /**
   * Loads parameters from DL4J's flattened layout (see the class comment). One pass over the
   * parameters, cheap enough that callers reload before every use instead of tracking changes.
   */
  public void setParams(float[] flat) {
    if (flat.length < numParams()) {
      throw new IllegalArgumentException(
          "need " + numParams() + " parameters, got " + flat.length);
    }
    rows.hold(null, 0, 0, 0); // they hold activations at the previous parameters
    final int g = gates;
    final int h = hidden;
    for (int j = 0; j < g; j++) {
      // 'f' order [F, 4H]: element (f, j) at f + j·F
      for (int f = 0; f < nIn; f++) {
        wx[f][j] = flat[f + j * nIn];
      }
      // 'f' order [H, 4H]: element (k, j) at off + k + j·H, so column j is row j of whT
      int col = offRecurrent() + j * h;
      System.arraycopy(flat, col, whT[j], 0, h);
      for (int k = 0; k < h; k++) {
        wh[k][j] = flat[col + k];
      }
    }
    System.arraycopy(flat, offBias(), bias, 0, g);
    head.load(flat, offDenseW(), offDenseB());
  }

  /**
   * Network outputs (before the log-sigma clamp, as DL4J's {@code output()} returns them).
   *
   * @param x features, row-major {@code [N, F, T]}; sequences {@code from .. from+count-1} are used
   * @param seqLength T
   * @param dst receives {@code [count][2]} row-major, from index 0
   */
  public void output(float[] x, int from, int count, int seqLength, float[] dst) {
    forward(x, from, count, seqLength);
    System.arraycopy(rows.out, 0, dst, 0, count * OUTPUTS);
  }

  /**
   * The last hidden states h_T of {@code count} sequences (the dense head's inputs) and the raw
   * outputs, at the loaded parameters; changes no parameter.
   *
   * @param hDst receives {@code [count][H]} row-major, from index 0
   * @param outDst receives {@code [count][2]} raw outputs, as {@link #output}
   */
  public void lastHidden(float[] x, int from, int count, int seqLength, float[] hDst,
      float[] outDst) {
    forward(x, from, count, seqLength);
    final int last = seqLength * count;
    for (int b = 0; b < count; b++) {
      System.arraycopy(rows.hid[last + b], 0, hDst, b * hidden, hidden);
    }
    System.arraycopy(rows.out, 0, outDst, 0, count * OUTPUTS);
  }

  /**
   * Loss and gradient of {@code count} sequences at the loaded parameters.
   *
   * @param x features, row-major {@code [N, F, T]}; sequences {@code from .. from+count-1} are used
   * @param labels one normalised target per sequence, {@code [N]}
   * @param seqLength T
   * @param grad receives the SUM over the sequences of the per-example gradient, in DL4J's
   *     flattened layout (overwritten, not accumulated)
   * @return the SUM of per-example losses (DL4J's score is this divided by {@code count})
   */
  public double gradient(
      float[] x, float[] labels, int from, int count, int seqLength, float[] grad) {
    return gradient(x, labels, from, count, seqLength, seqLength, grad);
  }

  /**
   * As {@link #gradient(float[], float[], int, int, int, float[])}, with backpropagation through
   * time truncated to the last {@code backpropLength} time steps: the forward pass still runs over
   * all T steps, but h and c before step {@code T − K} are treated as constants (stop-gradient),
   * so the LSTM weight gradients sum over the last K steps only. The dense head's gradient does not
   * depend on K. {@code K >= T} is full BPTT, bit-identical to the six-argument call. The backward
   * pass is about 2/3 of a step, so a step costs roughly {@code (1 + 2K/T)/3} of a full one.
   *
   * @param backpropLength K, time steps gradients flow back through ({@code >= 1})
   */
  public double gradient(float[] x, float[] labels, int from, int count, int seqLength,
      int backpropLength, float[] grad) {
    forward(x, from, count, seqLength);
    return gradientFromForward(x, labels, from, count, seqLength, backpropLength, grad);
  }

  /**
   * As {@link #gradient(float[], float[], int, int, int, int, float[])}, on the activations the
   * last forward pass ({@link #output}, {@link #lastHidden} or a gradient call, over these and
   * possibly more sequences of {@code x}) left, instead of a new one: bit-identical, because a
   * sequence's activations do not depend on the other sequences of a pass and the backward visits
   * and sums its (time step, example) rows in the same order. So a caller can read a batch's
   * outputs, derive labels from them and train its micro-batches for one forward pass.
   *
   * @throws IllegalStateException if that pass was not over this {@code x} and T, did not cover
   *     the sequences, or parameters were loaded since
   */
  public double gradientFromForward(float[] x, float[] labels, int from, int count,
      int seqLength, int backpropLength, float[] grad) {
    if (grad.length < numParams()) {
      throw new IllegalArgumentException("gradient buffer too small: " + grad.length);
    }
    if (backpropLength < 1) {
      throw new IllegalArgumentException("backpropLength must be >= 1: " + backpropLength);
    }
    if (!rows.covers(x, from, count, seqLength)) {
      throw new IllegalStateException("the last forward pass did not cover sequences " + from
          + " .. " + (from + count - 1) + " of this input at T=" + seqLength);
    }
    double loss = backward(x, labels, from, count, seqLength,
        Math.max(0, seqLength - backpropLength));
    weights.unpack(grad, offRecurrent(), offBias());
    head.unpack(grad, offDenseW(), offDenseB());
    return loss;
  }

  /**
   * Forward pass over all time steps. Keeps, for row r = t·B + b: the gate activations in
   * {@code act[r]}, tanh(c_t) in {@code cellTanh[r]}, and c_t, h_t in {@code cell[r + B]},
   * {@code hid[r + B]} (rows 0..B-1 hold the zero initial state); outputs in {@link #out}.
   */
  private void forward(float[] x, int from, int count, int seqLength) {
    rows.hold(null, 0, 0, 0);
    if (count < 1 || seqLength < 1) {
      throw new IllegalArgumentException("need count >= 1 and seqLength >= 1");
    }
    if ((long) (from + count) * nIn * seqLength > x.length) {
      throw new IllegalArgumentException("input too short for " + (from + count) + " x " + nIn
          + " x " + seqLength);
    }
    rows.ensureCapacity(count, seqLength);
    final float[][] act = rows.act;
    final float[][] cell = rows.cell;
    final float[][] cellTanh = rows.cellTanh;
    final float[][] hid = rows.hid;
    final int g = gates;
    final int h = hidden;
    final int fIn = nIn;
    final int tLen = seqLength;
    final int bLen = count;
    for (int b = 0; b < bLen; b++) {
      Arrays.fill(cell[b], 0f);
      Arrays.fill(hid[b], 0f);
    }
    for (int t = 0; t < tLen; t++) {
      for (int b = 0; b < bLen; b++) {
        final int r = t * bLen + b;
        final float[] z = act[r];
        System.arraycopy(bias, 0, z, 0, g);
        final int xo = (from + b) * fIn * tLen + t;
        for (int f = 0; f < fIn; f++) {
          xcol[f] = x[xo + f * tLen];
        }
        matVecAcc(xcol, wx, fIn, z, g);
        if (t > 0) {
          matVecAcc(hid[r], wh, h, z, g);
        }
        Activations.tanh(z, 0, h);
        Activations.sigmoid(z, h, g);
        final float[] cPrev = cell[r];
        final float[] cNext = cell[r + bLen];
        final float[] tc = cellTanh[r];
        final float[] hNext = hid[r + bLen];
        final int fo = h;
        final int oo = 2 * h;
        final int go = 3 * h;
        for (int j = 0; j < h; j++) {
          cNext[j] = z[fo + j] * cPrev[j] + z[go + j] * z[j];
        }
        System.arraycopy(cNext, 0, tc, 0, h);
        Activations.tanh(tc, 0, h);
        for (int j = 0; j < h; j++) {
          hNext[j] = z[oo + j] * tc[j];
        }
      }
    }
    final int last = tLen * bLen;
    for (int b = 0; b < bLen; b++) {
      head.output(hid[last + b], rows.out, b * OUTPUTS);
    }
    rows.hold(x, from, count, seqLength);
  }

  /**
   * Backpropagation through time of sequences {@code from .. from+count-1} of the last
   * {@link #forward}, down to time step {@code stop} (0 = full BPTT); returns the summed loss.
   * Their forward rows are {@code t·stride + off + b} (the pass's row layout); dz is written in
   * the micro-batch's own layout {@code t·count + b}, as a forward over just them would.
   */
  private double backward(float[] x, float[] labels, int from, int count, int seqLength,
      int stop) {
    final int g = gates;
    final int h = hidden;
    final int tLen = seqLength;
    final int bLen = count;
    final int stride = rows.stride();
    final int off = from - rows.first();
    final float[][] act = rows.act;
    final float[][] cell = rows.cell;
    final float[][] cellTanh = rows.cellTanh;
    final float[][] hid = rows.hid;
    final float[][] dc = rows.dc;
    head.clearGradients();
    double loss = 0;
    // Loss, the dense gradient and dL/dh_T.
    final int last = tLen * stride + off;
    for (int b = 0; b < bLen; b++) {
      loss += head.backward(rows.out, (off + b) * OUTPUTS, labels[from + b], hid[last + b],
          rows.dh[b]);
      Arrays.fill(dc[b], 0f);
    }

    float[][] dhCur = rows.dh;
    float[][] dhPrev = rows.dhNext;
    for (int t = tLen - 1; t >= stop; t--) {
      for (int b = 0; b < bLen; b++) {
        final int r = t * stride + off + b;
        final float[] z = act[r];
        final float[] d = rows.dz[t * bLen + b];
        final float[] tc = cellTanh[r];
        final float[] cPrev = cell[r];
        final float[] dhv = dhCur[b];
        final float[] dcv = dc[b];
        final int fo = h;
        final int oo = 2 * h;
        final int go = 3 * h;
        for (int j = 0; j < h; j++) {
          float a = z[j];
          float fg = z[fo + j];
          float o = z[oo + j];
          float ig = z[go + j];
          float tcj = tc[j];
          float dhj = dhv[j];
          float dcj = dcv[j] + dhj * o * (1 - tcj * tcj);
          d[j] = dcj * ig * (1 - a * a);
          d[fo + j] = dcj * cPrev[j] * fg * (1 - fg);
          d[oo + j] = dhj * tcj * o * (1 - o);
          d[go + j] = dcj * a * ig * (1 - ig);
          dcv[j] = dcj * fg;
        }
        if (t > stop) {
          final float[] prev = dhPrev[b];
          Arrays.fill(prev, 0f);
          matVecAcc(d, whT, g, prev, h);
        }
      }
      float[][] tmp = dhCur;
      dhCur = dhPrev;
      dhPrev = tmp;
    }
    // Rows of t < stop hold a previous call's dz: accumulate from row stop·B on.
    weights.accumulate(x, from, bLen, tLen, stop * bLen, rows.dz, hid, stride, off);
    return loss;
  }
}
