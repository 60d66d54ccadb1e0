package io.tickcast.model.online;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Shared helpers of the package's binary codecs: each state starts with a one-byte tag naming
 * the class and a one-byte format version, so a wrong or newer blob is rejected with a clear
 * message instead of being misread.
 */
final class Codec {

  /** Writes a state to a {@link DataOutput}. */
  @FunctionalInterface
  interface Writer {
    void write(DataOutput out) throws IOException;
  }

  /** Reads a state from a {@link DataInput}. */
  @FunctionalInterface
  interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  private Codec() {}

  static byte[] toBytes(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static <T> T fromBytes(byte[] bytes, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return r.read(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt online state: " + e, e);
    }
  }

  static void header(DataOutput out, int tag, int version) throws IOException {
    out.writeByte(tag);
    out.writeByte(version);
  }

  static void checkHeader(DataInput in, int tag, int version, String what) throws IOException {
    int t = in.readUnsignedByte();
    int v = in.readUnsignedByte();
    if (t != tag) {
      throw new IOException(what + ": not its state (tag " + t + ", expected " + tag + ")");
    }
    if (v != version) {
      throw new IOException(what + ": unsupported format version " + v + " (this reads "
          + version + ")");
    }
  }

  static void writeDoubles(DataOutput out, double[] a) throws IOException {
    for (double v : a) {
      out.writeDouble(v);
    }
  }

  static void readDoubles(DataInput in, double[] a) throws IOException {
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readDouble();
    }
  }

  static int readCount(DataInput in, int min, int max, String what) throws IOException {
    int n = in.readInt();
    if (n < min || n > max) {
      throw new IOException(what + " out of range [" + min + ", " + max + "]: " + n);
    }
    return n;
  }

  static void round(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) a[i];
    }
  }

  static void writeFloats(DataOutput out, double[] a) throws IOException {
    for (double v : a) {
      out.writeFloat((float) v);
    }
  }

  static void readFloats(DataInput in, double[] a) throws IOException {
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
  }
}
