package io.tickcast.model.persistence;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import java.io.IOException;

/**
 * One sequence row as its own record: {@code [absolute row index][inputs][label]} in float32,
 * framed like every record (version, kind, CRC32). The index guards against reading a slot that
 * still holds an older row. Version 1 rows (written before the linear-forecast input) hold the
 * {@link ForecasterConfig#FEATURES} bar features only; they are read with that input 0, the
 * "no linear signal" value, since the expert's forecasts of those bars are not recoverable.
 * Stateless and thread-safe.
 */
public final class RowCodec {

  private RowCodec() {}

  /** @param row the features then the label (NaN when unlabelled) */
  public static byte[] encode(long index, float[] row) {
    return Envelope.write(Envelope.ROW_VERSION, Envelope.KIND_ROW, out -> {
      out.writeLong(index);
      for (float v : row) {
        out.writeFloat(v);
      }
    });
  }

  /**
   * Decodes a row written by {@link #encode}.
   *
   * @throws IOException if it is not row {@code index} or holds non-finite features
   * @throws ModelException if the bytes are corrupt
   */
  public static float[] decode(byte[] bytes, long index, int width) throws IOException {
    float[] row = Envelope.read(bytes, Envelope.KIND_ROW, "row", 1, Envelope.ROW_VERSION,
        (format, in) -> {
      long stored = in.readLong();
      if (stored != index) {
        throw new IOException("slot holds row " + stored + ", expected " + index);
      }
      int inputs = format == 1 ? ForecasterConfig.FEATURES : width;
      float[] r = new float[width + 1];
      for (int i = 0; i < inputs; i++) {
        r[i] = in.readFloat();
      }
      r[width] = in.readFloat();
      return r;
    });
    for (int i = 0; i < width; i++) {
      if (!Float.isFinite(row[i])) {
        throw new IOException("non-finite feature in row " + index);
      }
    }
    return row;
  }
}
