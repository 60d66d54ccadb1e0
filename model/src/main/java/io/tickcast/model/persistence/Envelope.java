package io.tickcast.model.persistence;

import io.tickcast.model.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Framing shared by the codecs: {@code [format version][kind][payload][CRC32 of all before]}.
 * The checksum turns silent bit rot or truncation into a {@link ModelException} instead of a
 * subtly wrong model. Each kind has its own current version; readers name the versions they
 * understand (older ones are migrated by the codec, unknown ones rejected, never guessed at).
 */
final class Envelope {

  /**
   * Model records: 1 = first release, 2 = adds the optimizer-reset origin, 3 = adds the fast
   * skip's state (ModelCodec).
   */
  static final byte MODEL_VERSION = 4;
  /**
   * Per-bar state records: 1 = first release (whole window and ring), 2 = list of parts,
   * 3 = the symbol replaced by its 4-byte hash (StateCodec).
   */
  static final byte STATE_VERSION = 3;
  /**
   * Sequence rows (one per key): 1 = the bar features only, 2 = adds the linear expert's
   * forecast as a network input (issue 10; version-1 rows read with that input 0).
   */
  static final byte ROW_VERSION = 2;

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
    return write(version, kind, 256, payload);
  }

  /**
   * Frames a payload. {@code sizeHint} is the expected payload size: with a right hint the bytes
   * are written into one buffer and returned without a copy (a 59 KB model record used to
   * allocate about six times its size per write: buffer growth, the checksum's copy, the result's).
   */
  static byte[] write(byte version, byte kind, int sizeHint, PayloadWriter payload) {
    try {
      Buffer bytes = new Buffer(HEADER + Math.max(0, sizeHint) + TRAILER);
      Out out = new Out(bytes);
      out.writeByte(version);
      out.writeByte(kind);
      payload.write(out);
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.array(), 0, bytes.size());
      out.writeInt((int) crc.getValue());
      out.flush();
      return bytes.result();
    } catch (IOException e) {
      // A ByteArrayOutputStream does not throw; this would be a programming error.
      throw new ModelException("failed to encode " + (char) kind + " bytes", e);
    }
  }

  /** The stream codecs write into: gives {@link #writeFloats} the buffer underneath. */
  private static final class Out extends DataOutputStream {
    Out(Buffer buffer) {
      super(buffer);
    }

    Buffer buffer() {
      return (Buffer) out;
    }
  }

  /** A byte buffer that exposes its array, so checksum and float runs need no extra copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int capacity) {
      super(capacity);
    }

    byte[] array() {
      return buf;
    }

    /** Appends {@code values} big-endian, as {@link DataOutputStream#writeFloat} would. */
    void writeFloats(float[] values) {
      int len = values.length * Float.BYTES;
      if (count + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
      }
      ByteBuffer.wrap(buf, count, len).asFloatBuffer().put(values);
      count += len;
    }

    byte[] result() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
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
    // The kind first: a record of another kind (a model record where state belongs) says so,
    // whatever its version.
    if (data[1] != kind) {
      throw new ModelException(what + " bytes have kind '" + (char) data[1] + "', expected '"
          + (char) kind + "'");
    }
    int version = data[0];
    if (version < minVersion || version > maxVersion) {
      throw new ModelException(what + " format version " + version + " unsupported (expected "
          + minVersion + ".." + maxVersion + ")");
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

  /** A length-prefixed float array; into the envelope's own buffer when it can (no copy). */
  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    if (out instanceof Out framed) {
      framed.buffer().writeFloats(values);
      return;
    }
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
