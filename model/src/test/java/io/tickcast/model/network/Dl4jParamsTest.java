package io.tickcast.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ModelTestBase;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class Dl4jParamsTest extends ModelTestBase {

  private static final INDArray BASE = Nd4j.linspace(DataType.FLOAT, 1, 24, 1).reshape('c', 4, 2, 3);

  private static float[] expected(INDArray a) {
    return a.dup('c').castTo(DataType.FLOAT).reshape(-1).toFloatVector();
  }

  @Test
  void shouldReadAFreshCOrderArrayInRowMajorOrder() {
    assertThat(Dl4jParams.read(BASE, null)).containsExactly(expected(BASE));
  }

  @Test
  void shouldReadViewsFOrderAndDoubleArraysInRowMajorOrder() {
    // Given a sub-batch view, an 'f'-ordered copy and a double copy
    INDArray view = BASE.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all());
    INDArray fOrder = BASE.dup('f');
    INDArray doubles = BASE.castTo(DataType.DOUBLE);

    // When / Then each reads as its row-major float elements
    assertThat(Dl4jParams.read(view, null)).containsExactly(expected(view));
    assertThat(Dl4jParams.read(fOrder, null)).containsExactly(expected(BASE));
    assertThat(Dl4jParams.read(doubles, null)).containsExactly(expected(BASE));
  }

  @Test
  void shouldReuseALargeEnoughBufferAndLeaveItsTailAlone() {
    float[] buf = new float[30];
    buf[29] = -1f;
    assertThat(Dl4jParams.read(BASE, buf)).isSameAs(buf);
    assertThat(buf[23]).isEqualTo(24f);
    assertThat(buf[29]).isEqualTo(-1f);
    assertThat(Dl4jParams.read(BASE, new float[3])).hasSize(24);
  }

  @Test
  void shouldWriteIntoAWholeBufferArrayAndRefuseViews() {
    // Given a [1, 6] 'f' array like the network's gradient view
    INDArray target = Nd4j.create(DataType.FLOAT, new long[] {1, 6}, 'f');

    // When written
    Dl4jParams.write(new float[] {1, 2, 3, 4, 5, 6}, target);

    // Then it holds the values, and a view cannot be written through this path
    assertThat(target.toFloatVector()).containsExactly(1, 2, 3, 4, 5, 6);
    INDArray view = target.get(NDArrayIndex.point(0), NDArrayIndex.interval(2, 4));
    assertThatThrownBy(() -> Dl4jParams.write(new float[2], view))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
