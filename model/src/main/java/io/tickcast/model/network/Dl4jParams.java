package io.tickcast.model.network;

import io.tickcast.model.ModelException;
import io.tickcast.model.kernel.LstmKernel;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The bridge between DL4J arrays and the {@link LstmKernel}'s {@code float[]}: bulk copies in and
 * out of native buffers (no per-element calls, no native ops on the fast path) and a check that a
 * network's parameter layout is the one the kernel hard-codes. Stateless.
 */
public final class Dl4jParams {

  private Dl4jParams() {}

  /**
   * Verifies that {@code net}'s flattened parameters have exactly the layout described on
   * {@link LstmKernel} (keys, shapes, offsets, 'f' order of the weight matrices). Run once per
   * network so that a DL4J upgrade that changes the layout fails loudly instead of training
   * garbage.
   *
   * @throws ModelException if anything differs
   */
  public static void checkLayout(MultiLayerNetwork net, LstmKernel kernel) {
    int f = kernel.nIn();
    int h = kernel.hidden();
    int g = 4 * h;
    Map<String, INDArray> table = net.paramTable();
    expect(table, "0_W", new long[] {f, g}, 0, true);
    expect(table, "0_RW", new long[] {h, g}, kernel.offRecurrent(), true);
    expect(table, "0_b", new long[] {g}, kernel.offBias(), false);
    expect(table, "1_W", new long[] {h, LstmKernel.OUTPUTS}, kernel.offDenseW(), true);
    expect(table, "1_b", new long[] {LstmKernel.OUTPUTS}, kernel.offDenseB(), false);
    if (table.size() != 5 || net.numParams() != kernel.numParams()) {
      throw new ModelException("unexpected parameter table " + table.keySet() + " with "
          + net.numParams() + " parameters; the kernel expects " + kernel.numParams());
    }
    if (net.params().dataType() != DataType.FLOAT) {
      throw new ModelException("kernel needs float32 parameters, network has "
          + net.params().dataType());
    }
  }

  private static void expect(
      Map<String, INDArray> table, String key, long[] shape, long offset, boolean fOrder) {
    INDArray v = table.get(key);
    long[] actual = v == null ? null : v.shape();
    if (v != null && actual.length == 2 && shape.length == 1 && actual[0] == 1) {
      actual = new long[] {actual[1]}; // a [1, n] row vector is the same flat layout
    }
    boolean ok = v != null && Arrays.equals(actual, shape) && v.offset() == offset
        && (!fOrder || v.ordering() == 'f');
    if (!ok) {
      throw new ModelException("parameter " + key + " is "
          + (v == null ? "missing" : Arrays.toString(v.shape()) + " '" + v.ordering()
              + "' at offset " + v.offset())
          + "; the kernel expects " + Arrays.toString(shape) + (fOrder ? " 'f'" : "")
          + " at offset " + offset);
    }
  }

  /**
   * Copies all elements of {@code a} in row-major ('c') order into {@code dst[0 ..]} as float32.
   * Arrays that own their whole float buffer in 'c' order (what callers normally pass) are copied
   * straight from native memory; anything else (views, 'f' order, other dtypes) is first
   * duplicated by ND4J.
   *
   * @return {@code dst}, or a new array when {@code dst} is null or too small
   */
  public static float[] read(INDArray a, float[] dst) {
    long n = a.length();
    float[] target = dst == null || dst.length < n ? new float[Math.toIntExact(n)] : dst;
    INDArray src = a;
    if (src.dataType() != DataType.FLOAT) {
      src = src.castTo(DataType.FLOAT);
    }
    if (!ownsWholeBuffer(src) || !(src.isVectorOrScalar() || src.ordering() == 'c')) {
      src = src.dup('c');
    }
    buffer(src).get(target, 0, (int) n);
    return target;
  }

  /**
   * Copies {@code src[0 .. a.length())} into {@code a}, which must own its whole float32 buffer
   * (as a network's parameter and gradient views do); {@code a}'s ordering defines the layout,
   * which is irrelevant for the vectors this is used with.
   */
  public static void write(float[] src, INDArray a) {
    if (a.dataType() != DataType.FLOAT || !ownsWholeBuffer(a)) {
      throw new IllegalArgumentException("write needs a contiguous float32 array owning its buffer");
    }
    buffer(a).put(src, 0, Math.toIntExact(a.length()));
  }

  /**
   * True when {@code a} is the whole of its buffer, densely laid out in its own ordering, so its
   * elements are exactly the buffer's (in 'c' or 'f' order as {@code a.ordering()} says).
   */
  public static boolean ownsWholeBuffer(INDArray a) {
    return a.offset() == 0 && a.data().offset() == 0 && a.data().length() == a.length()
        && Shape.hasDefaultStridesForShape(a);
  }

  private static FloatBuffer buffer(INDArray a) {
    FloatBuffer fb = a.data().asNioFloat();
    fb.clear();
    return fb;
  }
}
