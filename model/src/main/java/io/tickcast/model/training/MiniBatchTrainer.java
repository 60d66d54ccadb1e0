package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.network.GaussianNllLoss;
import io.tickcast.model.network.LinearWarmupSchedule;
import io.tickcast.model.network.LstmNetworkFactory;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one network and trains it one mini-batch at a time.
 *
 * <p>A step computes the mini-batch gradient as {@code k} micro-batch gradients at the SAME
 * parameters ({@code setInput/setLabels + computeGradientAndScore}) and sums them — plain gradient
 * accumulation, which also yields the micro-batch gradients the {@link NoiseScaleEstimator}
 * needs. DL4J's {@code computeGradientAndScore} leaves the SUM of per-example gradients in the
 * gradient view (its updater divides by the minibatch size) and reports the MEAN loss, so the
 * micro-batch sums add up to the full-batch gradient exactly. Then:
 * <ol>
 *   <li>non-finite guard: a NaN/Inf input, loss or gradient skips the step, leaving parameters,
 *       Adam state and counters untouched;</li>
 *   <li>global L2 clipping of the mean gradient to {@code clipNorm};</li>
 *   <li>one update through the network's own updater ({@code divide by B → Adam}) followed by
 *       {@code params -= update}: the same sequence {@code fit()} runs, so for {@code k = 1} and
 *       no clipping the step is bit-identical to {@code fit()}. The iteration count is advanced
 *       explicitly; it drives Adam's bias correction and the {@link LinearWarmupSchedule}.</li>
 * </ol>
 *
 * <p>Not thread-safe: one owner thread (DL4J networks keep per-call state).
 */
public final class MiniBatchTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(MiniBatchTrainer.class);

  private final ForecasterConfig cfg;
  private final MultiLayerNetwork net;
  private final LinearWarmupSchedule schedule;
  private final NoiseScaleEstimator noise = new NoiseScaleEstimator();
  private long modelVersion;
  private long trainedExamples;
  private long skippedSteps;

  /** A fresh trainer with a newly initialised (seeded) network. */
  public MiniBatchTrainer(ForecasterConfig cfg) {
    this.cfg = cfg;
    this.net = LstmNetworkFactory.create(cfg);
    this.schedule = LstmNetworkFactory.schedule(cfg);
  }

  /**
   * The mini-batch gradient split by micro-batch.
   *
   * @param sum sum of per-example gradients over the whole batch
   * @param microMeans mean gradient of each micro-batch
   * @param microSizes examples in each micro-batch
   * @param loss mean per-example loss over the batch
   */
  public record BatchGradient(double[] sum, double[][] microMeans, int[] microSizes, double loss) {

    /** Examples in the batch. */
    public int batchSize() {
      return Arrays.stream(microSizes).sum();
    }

    boolean isFinite() {
      if (!Double.isFinite(loss)) {
        return false;
      }
      for (double v : sum) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Computes the gradient of a batch as {@code k} contiguous micro-batches at the current
   * parameters without changing parameters or optimizer state.
   *
   * @param x features {@code [B, F, T]}
   * @param y labels {@code [B, 2]} (column 0 = normalised target)
   * @param k micro-batches, {@code 1 <= k <= B}; sizes differ by at most one
   */
  public BatchGradient computeGradient(INDArray x, INDArray y, int k) {
    int batch = Math.toIntExact(x.size(0));
    if (k < 1 || k > batch || y.size(0) != batch) {
      throw new IllegalArgumentException(
          "need 1 <= k <= B and matching labels: k=" + k + " B=" + batch + " labels="
              + y.size(0));
    }
    double[] sum = new double[Math.toIntExact(net.numParams())];
    double[][] means = new double[k][];
    int[] sizes = new int[k];
    double lossSum = 0;
    int from = 0;
    for (int j = 0; j < k; j++) {
      int size = batch / k + (j < batch % k ? 1 : 0);
      int to = from + size;
      INDArray xj = k == 1 ? x : x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(),
          NDArrayIndex.all()).dup('c');
      INDArray yj = k == 1 ? y : y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
          .dup('c');
      net.setInput(xj);
      net.setLabels(yj);
      net.computeGradientAndScore();
      // score() is the MEAN loss of the micro-batch; the gradient view holds the SUM.
      lossSum += net.score() * size;
      double[] g = net.getFlattenedGradients().toDoubleVector();
      double[] mean = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        sum[i] += g[i];
        mean[i] = g[i] / size;
      }
      means[j] = mean;
      sizes[j] = size;
      from = to;
    }
    return new BatchGradient(sum, means, sizes, lossSum / batch);
  }

  /**
   * Runs one optimizer step on a mini-batch (see the class comment for the exact sequence).
   *
   * @param x features {@code [B, F, T]}, float32
   * @param y labels {@code [B, 2]}, column 0 = normalised target
   */
  public TrainingStep step(INDArray x, INDArray y) {
    long start = System.nanoTime();
    int batch = Math.toIntExact(x.size(0));
    int iteration = net.getIterationCount();
    double lr = schedule.valueAt(iteration, 0);
    if (!allFinite(x) || !allFinite(y)) {
      // Never let a non-finite number reach the network.
      return skip(batch, lr, 0, 0, start, "non-finite input");
    }
    int k = Math.min(cfg.microBatches(), batch);
    BatchGradient grad = computeGradient(x, y, k);
    double meanNorm = Math.sqrt(NoiseScaleEstimator.squaredNorm(grad.sum())) / batch;
    if (!grad.isFinite() || !Double.isFinite(meanNorm)) {
      return skip(batch, lr, grad.loss(), meanNorm, start, "non-finite loss or gradient");
    }
    NoiseScaleEstimator.Estimate est = noise.update(grad.microMeans(), (double) batch / k);

    double scale = cfg.clipNorm() > 0 && meanNorm > cfg.clipNorm() ? cfg.clipNorm() / meanNorm : 1;
    float[] clipped = new float[grad.sum().length];
    for (int i = 0; i < clipped.length; i++) {
      clipped[i] = (float) (grad.sum()[i] * scale);
    }
    applyUpdate(clipped, batch, iteration);

    modelVersion++;
    trainedExamples += batch;
    long nanos = System.nanoTime() - start;
    LOG.debug("step v={} B={} lr={} loss={} |g|={} Bsimple={} in {} us", modelVersion, batch, lr,
        grad.loss(), meanNorm, noise.noiseScale(), nanos / 1000);
    return new TrainingStep(modelVersion, batch, lr, grad.loss(), meanNorm, est.gradSquared(),
        est.traceSigma(), est.traceSigma() / batch, noise.noiseScale(), false, nanos);
  }

  /** Applies the SUMMED gradient once: the updater divides by {@code batch}, then Adam. */
  private void applyUpdate(float[] summedGradient, int batch, int iteration) {
    INDArray view = net.getFlattenedGradients();
    view.assign(Nd4j.createFromArray(summedGradient).reshape(view.shape()));
    Gradient gradient = net.gradient();
    if (gradient == null || gradient.gradient() != view) {
      gradient = new DefaultGradient(view);
    }
    BaseMultiLayerUpdater<?> updater = updater();
    updater.update(gradient, iteration, net.getEpochCount(), batch,
        LayerWorkspaceMgr.noWorkspaces());
    // After update() the view holds the Adam step (lr already applied): params -= step.
    INDArray params = net.params();
    params.subi(view.reshape(params.shape()));
    net.setIterationCount(iteration + 1);
  }

  private TrainingStep skip(
      int batch, double lr, double loss, double gradNorm, long start, String why) {
    skippedSteps++;
    LOG.warn("Skipping optimizer step {} ({}): {} skipped so far", modelVersion + 1, why,
        skippedSteps);
    return new TrainingStep(modelVersion, batch, lr, finiteOrZero(loss), finiteOrZero(gradNorm),
        0, 0, 0, noise.noiseScale(), true, System.nanoTime() - start);
  }

  /**
   * Network output for a batch of sequences.
   *
   * @param x features {@code [N, F, T]}
   * @return {@code [N][2]}: normalised mean and clamped log-sigma
   */
  public double[][] predict(INDArray x) {
    if (!allFinite(x)) {
      throw new IllegalArgumentException("non-finite input to predict");
    }
    double[][] out = net.output(x, false).toDoubleMatrix();
    for (double[] row : out) {
      row[1] = GaussianNllLoss.clampLogSigma(row[1]);
    }
    return out;
  }

  /** A deep copy of the model's defining state (see {@link TrainerSnapshot}). */
  public TrainerSnapshot snapshot() {
    INDArray state = net.getUpdater().getStateViewArray();
    return new TrainerSnapshot(
        net.params().toFloatVector(),
        state == null ? null : state.dup().reshape(state.length()).toFloatVector(),
        net.getIterationCount(),
        modelVersion,
        trainedExamples,
        skippedSteps,
        noise.emaGradSquared(),
        noise.emaTraceSigma(),
        noise.observations());
  }

  /**
   * Overwrites this trainer's model with a snapshot taken from a trainer of the same
   * architecture.
   *
   * @throws ModelException if the snapshot does not fit this network
   */
  public void restore(TrainerSnapshot s) {
    if (s.params().length != net.numParams()) {
      throw new ModelException("snapshot has " + s.params().length + " parameters, network has "
          + net.numParams());
    }
    BaseMultiLayerUpdater<?> updater = updater();
    INDArray state = updater.getStateViewArray();
    long expected = state == null ? 0 : state.length();
    long actual = s.updaterState() == null ? 0 : s.updaterState().length;
    if (expected != actual) {
      throw new ModelException(
          "snapshot updater state has " + actual + " values, network expects " + expected);
    }
    net.setParams(Nd4j.createFromArray(s.params()).reshape(net.params().shape()));
    if (state != null) {
      updater.setStateViewArray(Nd4j.createFromArray(s.updaterState()).reshape(state.shape()));
    }
    net.setIterationCount(s.iterationCount());
    noise.restore(s.emaGradSquared(), s.emaTraceSigma(), s.noiseObservations());
    modelVersion = s.modelVersion();
    trainedExamples = s.trainedExamples();
    skippedSteps = s.skippedSteps();
  }

  private BaseMultiLayerUpdater<?> updater() {
    Updater u = net.getUpdater();
    if (u instanceof BaseMultiLayerUpdater<?> b) {
      return b;
    }
    throw new ModelException("unexpected updater type " + u.getClass().getName());
  }

  /** The owned network; callers must not train it behind the trainer's back. */
  public MultiLayerNetwork network() {
    return net;
  }

  public ForecasterConfig config() {
    return cfg;
  }

  public long modelVersion() {
    return modelVersion;
  }

  public long trainedExamples() {
    return trainedExamples;
  }

  public long skippedSteps() {
    return skippedSteps;
  }

  public double noiseScale() {
    return noise.noiseScale();
  }

  /** Learning rate the next step will use. */
  public double nextLearningRate() {
    return schedule.valueAt(net.getIterationCount(), 0);
  }

  static boolean allFinite(INDArray a) {
    for (double v : a.dup('c').data().asDouble()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static double finiteOrZero(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
