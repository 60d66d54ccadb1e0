package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Float helpers of the package's compact codecs (the expert panel's part of the per-bar state):
 * the state is held at float precision after every update, so writing floats restores it exactly.
 */
final class Codec {

  private Codec() {}

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
