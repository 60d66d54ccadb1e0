package io.tickcast.model.kernel;

import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One Adam update of a network's parameters, done in Java on its own parameter and updater-state
 * vectors, exactly as DL4J's updater does it for this network: divide the summed gradient by
 * the minibatch size, then ND4J's {@code adam_updater} op
 * <pre>
 *   m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
 *   α_t = lr(i) · √(1 − β2^(i+1)) / (1 − β1^(i+1))
 *   θ ← θ − α_t·m / (√v + ε)
 * </pre>
 * in float32, with {@code lr(i)} from the network's own Adam configuration (its learning-rate
 * schedule) at iteration {@code i}. The state stays in DL4J's updater view ({@code [m | v]}), so
 * snapshots, persistence and DL4J's own updater see exactly what they would have written.
 *
 * <p>Why: DL4J's {@code updater.update(...)} measured about 0.75 ms of CPU per call on this
 * network (native ops plus bookkeeping), as much as the whole kernel gradient, for ~10⁴ FLOPs.
 *
 * <p>{@link #bind} only accepts the configuration it replicates (one Adam block over all
 * parameters, no regularisation, no gradient normalisation) and returns null otherwise, so the
 * caller falls back to DL4J's updater. Not thread-safe; buffers are reused.
 */
public final class AdamStep {

  private final MultiLayerNetwork net;
  private final BaseMultiLayerUpdater<?> updater;
  private final Adam config;
  private final int n;
  private final float[] params;
  private final float[] m;
  private final float[] v;

  private AdamStep(MultiLayerNetwork net, BaseMultiLayerUpdater<?> updater, Adam config, int n) {
    this.net = net;
    this.updater = updater;
    this.config = config;
    this.n = n;
    this.params = new float[n];
    this.m = new float[n];
    this.v = new float[n];
  }

  /**
   * An Adam step bound to {@code net}'s updater, or null when the network's updater is anything
   * other than what this class replicates exactly.
   */
  public static AdamStep bind(MultiLayerNetwork net) {
    Updater u = net.getUpdater();
    if (!(u instanceof BaseMultiLayerUpdater<?> updater)) {
      return null;
    }
    int n = Math.toIntExact(net.numParams());
    List<UpdaterBlock> blocks = updater.getUpdaterBlocks();
    if (blocks.size() != 1 || net.params().dataType() != DataType.FLOAT) {
      return null;
    }
    UpdaterBlock block = blocks.get(0);
    GradientUpdater<?> gu = block.getGradientUpdater();
    if (!(gu instanceof AdamUpdater adam) || adam.getConfig() == null
        || block.getParamOffsetStart() != 0 || block.getParamOffsetEnd() != n
        || block.getUpdaterViewOffsetStart() != 0 || block.getUpdaterViewOffsetEnd() != 2 * n
        || adam.getM() == null || adam.getM().offset() != 0 || adam.getV().offset() != n) {
      return null;
    }
    for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
      var layerConf = ps.getLayer().getConfig();
      if (!layerConf.getRegularizationByParam(ps.getParamName()).isEmpty()
          || layerConf.getGradientNormalization() != null
          && layerConf.getGradientNormalization() != GradientNormalization.None) {
        return null;
      }
    }
    INDArray state = updater.getStateViewArray();
    if (state == null || state.length() != 2L * n || !Dl4jParams.ownsWholeBuffer(state)
        || !Dl4jParams.ownsWholeBuffer(net.params())) {
      return null;
    }
    return new AdamStep(net, updater, adam.getConfig(), n);
  }

  /**
   * Applies one update from the gradient SUMMED over {@code batch} examples at iteration
   * {@code iteration} (the caller advances the network's iteration count afterwards, as DL4J's
   * updater does not either).
   *
   * @return false, changing nothing, when the parameter or state vectors are no longer plain
   *     dense buffers (the caller then uses DL4J's updater)
   */
  public boolean apply(float[] summedGradient, int batch, int iteration, int epoch) {
    INDArray state = updater.getStateViewArray();
    INDArray p = net.params();
    if (state == null || state.length() != 2L * n || !Dl4jParams.ownsWholeBuffer(state)
        || !Dl4jParams.ownsWholeBuffer(p) || p.dataType() != DataType.FLOAT
        || state.dataType() != DataType.FLOAT) {
      return false;
    }
    FloatBuffer sb = state.data().asNioFloat();
    sb.clear();
    sb.get(m, 0, n).get(v, 0, n);
    FloatBuffer pb = p.data().asNioFloat();
    pb.clear();
    pb.get(params, 0, n);

    // Scalars as the op computes them in float (T = float), with the same double promotions.
    final float beta1 = (float) config.getBeta1();
    final float beta2 = (float) config.getBeta2();
    final float eps = (float) config.getEpsilon();
    final float lr = (float) config.getLearningRate(iteration, epoch);
    final float beta1T = (float) Math.pow(beta1, (float) iteration + 1);
    final float beta2T = (float) Math.pow(beta2, (float) iteration + 1);
    final float num = lr * (float) Math.sqrt((float) (1. - beta2T));
    float alpha = (float) (num / (1.0 - beta1T));
    if (Float.isNaN(alpha) || alpha == 0 || Float.isInfinite(alpha)) {
      alpha = eps;
    }
    final float div = batch;
    final float oneMinusBeta1 = 1 - beta1;
    final float oneMinusBeta2 = 1 - beta2;
    update(summedGradient, div, beta1, beta2, oneMinusBeta1, oneMinusBeta2, alpha, eps);

    sb.clear();
    sb.put(m, 0, n).put(v, 0, n);
    pb.clear();
    pb.put(params, 0, n);
    return true;
  }

  private void update(float[] g, float div, float beta1, float beta2, float oneMinusBeta1,
      float oneMinusBeta2, float alpha, float eps) {
    final float[] mm = m;
    final float[] vv = v;
    final float[] pp = params;
    for (int i = 0; i < n; i++) {
      float gi = g[i] / div;
      float mi = beta1 * mm[i] + gi * oneMinusBeta1;
      float vi = beta2 * vv[i] + gi * gi * oneMinusBeta2;
      mm[i] = mi;
      vv[i] = vi;
      pp[i] -= (mi * alpha) / ((float) Math.sqrt(vi) + eps);
    }
  }
}
