package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScratchTimingTest extends ModelTestBase {
  @Test
  void time() {
    ForecasterConfig cfg = ForecasterConfig.defaults();
    MiniBatchTrainer trainer = new MiniBatchTrainer(cfg);
    MultiLayerNetwork net = trainer.network();
    System.out.println("omp threads " + org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
        + " blas " + Nd4j.factory().blas().getMaxThreads() + " helpers " + Nd4j.getEnvironment().helpersAllowed());
    for (int b : new int[] {1, 8, 16}) {
      INDArray[] batch = randomBatch(b, 32, 1);
      long[] t = new long[40];
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        net.setInput(batch[0]); net.setLabels(batch[1]); net.computeGradientAndScore();
        if (i >= 10) t[i - 10] = System.nanoTime() - t0;
      }
      Arrays.sort(t);
      long[] o = new long[40];
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        net.output(batch[0], false);
        if (i >= 10) o[i - 10] = System.nanoTime() - t0;
      }
      Arrays.sort(o);
      System.out.println("b=" + b + " grad median ms " + t[20] / 1e6 + " output median ms " + o[20] / 1e6);
    }
  }
}
