package io.tickcast.model.persistence;

import io.tickcast.model.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Framing shared by the codecs: {@code [format version][kind][payload][CRC32 of all before]}.
 * The checksum turns silent bit rot or truncation into a {@link ModelException} instead of a
 * subtly wrong model. Each kind has its own current version; readers name the versions they
 * understand (older ones are migrated by the codec, unknown ones rejected, never guessed at).
 */
final class Envelope {

  /** Model records: 1 = first release, 2 = adds the optimizer-reset origin (ModelCodec). */
  static final byte MODEL_VERSION = 2;
  /** Per-bar state records: 1 = first release (whole window and ring), 2 = list of parts. */
  static final byte STATE_VERSION = 2;
  /** Sequence rows (one per key). */
  static final byte ROW_VERSION = 1;

  static final byte KIND_MODEL = 'M';
  static final byte KIND_STATE = 'S';
  static final byte KIND_ROW = 'R';

  private static final int HEADER = 2;
  private static final int TRAILER = Integer.BYTES;

  private Envelope() {}

  @FunctionalInterface
  interface PayloadWriter {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  interface PayloadReader<T> {
    T read(DataInputStream in) throws IOException;
  }

  @FunctionalInterface
  interface VersionedReader<T> {
    T read(int version, DataInputStream in) throws IOException;
  }

  static byte[] write(byte version, byte kind, PayloadWriter payload) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(version);
      out.writeByte(kind);
      payload.write(out);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw; this would be a programming error.
      throw new ModelException("failed to encode " + (char) kind + " bytes", e);
    }
  }

  static <T> T read(byte[] data, byte kind, String what, byte version, PayloadReader<T> payload) {
    return read(data, kind, what, version, version, (v, in) -> payload.read(in));
  }

  static <T> T read(byte[] data, byte kind, String what, int minVersion, int maxVersion,
      VersionedReader<T> payload) {
    if (data == null || data.length < HEADER + TRAILER) {
      throw new ModelException(what + " bytes truncated: "
          + (data == null ? "null" : data.length + " bytes"));
    }
    int version = data[0];
    if (version < minVersion || version > maxVersion) {
      throw new ModelException(what + " format version " + version + " unsupported (expected "
          + minVersion + ".." + maxVersion + ")");
    }
    if (data[1] != kind) {
      throw new ModelException(what + " bytes have kind '" + (char) data[1] + "', expected '"
          + (char) kind + "'");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - TRAILER);
    int stored = ByteBuffer.wrap(data, data.length - TRAILER, TRAILER).getInt();
    if (stored != (int) crc.getValue()) {
      throw new ModelException(what + " bytes corrupt: checksum mismatch");
    }
    ByteArrayInputStream bytes =
        new ByteArrayInputStream(data, HEADER, data.length - HEADER - TRAILER);
    try (DataInputStream in = new DataInputStream(bytes)) {
      T value = payload.read(version, in);
      if (bytes.available() != 0) {
        throw new ModelException(what + " bytes have " + bytes.available() + " trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException me) {
        throw me;
      }
      throw new ModelException("cannot decode " + what + " bytes: " + e.getMessage(), e);
    }
  }

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES);
    buf.asFloatBuffer().put(values);
    out.write(buf.array());
  }

  static float[] readFloats(DataInputStream in, int maxLength) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > maxLength) {
      throw new IOException("array length " + n + " outside [0, " + maxLength + "]");
    }
    byte[] raw = new byte[n * Float.BYTES];
    in.readFully(raw);
    float[] values = new float[n];
    ByteBuffer.wrap(raw).asFloatBuffer().get(values);
    return values;
  }
}
