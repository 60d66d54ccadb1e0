package io.tickcast.model.kernel;

/**
 * {@link LstmKernel}'s per-(time step, example) buffers, row r = t·B + b, grown to the largest B
 * and T seen, and which forward pass they hold (so a backward can run on a pass over more
 * sequences than it trains on). Owned by one kernel; not thread-safe.
 */
final class RowBuffers {

  private final int hidden;
  private final int gates;
  private int capB;
  private int capT;
  /** Gate activations {@code [a | f | o | g]}, one row of 4H per (t, b). */
  float[][] act = new float[0][];
  /** Pre-activation gradients, same layout as {@link #act}. */
  float[][] dz = new float[0][];
  /** tanh(c_t) per (t, b). */
  float[][] cellTanh = new float[0][];
  /** Cell state: row r = t·B + b holds c_{t-1}, so rows 0..B-1 are the zero initial state. */
  float[][] cell = new float[0][];
  /** Hidden state, laid out like {@link #cell}: row r holds h_{t-1}. */
  float[][] hid = new float[0][];
  float[][] dh = new float[0][];
  float[][] dhNext = new float[0][];
  float[][] dc = new float[0][];
  float[] out = new float[0];
  // The forward pass held: input (null = none), first sequence, sequences (its B), T.
  private float[] fwdX;
  private int fwdFrom;
  private int fwdCount;
  private int fwdT;

  RowBuffers(int hidden) {
    this.hidden = hidden;
    this.gates = 4 * hidden;
  }

  void ensureCapacity(int batch, int seqLength) {
    if (batch <= capB && seqLength <= capT) {
      return;
    }
    capB = Math.max(batch, capB);
    capT = Math.max(seqLength, capT);
    int rows = capT * capB;
    act = new float[rows][gates];
    dz = new float[rows][gates];
    cellTanh = new float[rows][hidden];
    cell = new float[rows + capB][hidden];
    hid = new float[rows + capB][hidden];
    dh = new float[capB][hidden];
    dhNext = new float[capB][hidden];
    dc = new float[capB][hidden];
    out = new float[capB * LstmKernel.OUTPUTS];
  }

  /** Records the forward pass the rows now hold; {@code x == null}: none (invalidated). */
  void hold(float[] x, int from, int count, int seqLength) {
    fwdX = x;
    fwdFrom = from;
    fwdCount = count;
    fwdT = seqLength;
  }

  /** Whether the held pass is over {@code x} at T and covers sequences from .. from+count-1. */
  boolean covers(float[] x, int from, int count, int seqLength) {
    return x != null && x == fwdX && seqLength == fwdT && count >= 1 && from >= fwdFrom
        && from + count <= fwdFrom + fwdCount;
  }

  /** The held pass's B: its row of (t, b) is {@code t·stride() + b − first()}. */
  int stride() {
    return fwdCount;
  }

  /** The held pass's first sequence. */
  int first() {
    return fwdFrom;
  }
}
