package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.kernel.AdamStep;
import io.tickcast.model.kernel.Dl4jParams;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.network.GaussianNllLoss;
import io.tickcast.model.network.LinearWarmupSchedule;
import io.tickcast.model.network.LstmNetworkFactory;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one network and trains it one mini-batch at a time.
 *
 * <p>A step computes the mini-batch gradient as {@code k} micro-batch gradients at the SAME
 * parameters and sums them — plain gradient accumulation, which also yields the micro-batch
 * gradients the {@link NoiseScaleEstimator} needs. Following DL4J's convention (its
 * {@code computeGradientAndScore} leaves the SUM of per-example gradients in the gradient view,
 * its updater divides by the minibatch size, and it reports the MEAN loss) the micro-batch sums
 * add up to the full-batch gradient exactly. Then:
 * <ol>
 *   <li>non-finite guard: a NaN/Inf input, loss or gradient skips the step, leaving parameters,
 *       Adam state and counters untouched;</li>
 *   <li>global L2 clipping of the mean gradient to {@code clipNorm};</li>
 *   <li>one update {@code divide by B → Adam → params -= update}: the sequence {@code fit()}
 *       runs (on the DL4J backend through the network's own updater, so for {@code k = 1} and no
 *       clipping the step is bit-identical to {@code fit()}). The iteration count is advanced
 *       explicitly; it drives Adam's bias correction and the {@link LinearWarmupSchedule}.</li>
 * </ol>
 *
 * <p><b>Backends.</b> The network (its parameters, Adam state, iteration count and persisted
 * bytes) is always the canonical model. {@link Backend#KERNEL} (the default) computes gradients
 * and {@link #predict} with the fused pure-Java {@link LstmKernel} straight from the parameter
 * vector and applies Adam with {@link AdamStep} on the network's own parameter and updater-state
 * vectors: more than an order of magnitude faster than DL4J's per-op execution.
 * {@link Backend#DL4J} uses {@code computeGradientAndScore()}, {@code output()} and the network's
 * updater. Both agree to float rounding (see {@code LstmKernelGradientTest} and
 * {@code TrainerBackendParityTest}); DL4J stays selectable as the reference for parity tests
 * and benchmarks.
 *
 * <p>Not thread-safe: one owner thread (DL4J networks and the kernel keep per-call buffers).
 */
public final class MiniBatchTrainer {

  /** How gradients and forecasts are computed; see the class comment. */
  public enum Backend {
    /** The fused pure-Java kernel (default). */
    KERNEL,
    /** DL4J's own layers: {@code computeGradientAndScore()} and {@code output()}. */
    DL4J
  }

  private static final Logger LOG = LoggerFactory.getLogger(MiniBatchTrainer.class);

  private final ForecasterConfig cfg;
  private final MultiLayerNetwork net;
  private final LinearWarmupSchedule schedule;
  /** The schedule instances inside the network's Adam configuration (what the updater reads). */
  private final java.util.List<LinearWarmupSchedule> networkSchedules;
  private final NoiseScaleEstimator noise = new NoiseScaleEstimator();
  private final Backend backend;
  private final LstmKernel kernel;
  /** Java Adam on the network's own vectors (kernel backend), or null for DL4J's updater. */
  private final AdamStep adam;
  // Kernel-path buffers, reused across steps (grown on demand).
  private float[] paramBuf;
  private float[] microGrad;
  private float[] xBuf = new float[0];
  private float[] yBuf = new float[0];
  private float[] outBuf = new float[0];
  private final double[] sumBuf;
  private double[][] meansBuf = new double[0][];
  private final float[] updateBuf;
  private long modelVersion;
  private long trainedExamples;
  private long skippedSteps;

  /** A fresh trainer with a newly initialised (seeded) network, on the kernel backend. */
  public MiniBatchTrainer(ForecasterConfig cfg) {
    this(cfg, Backend.KERNEL);
  }

  /**
   * A fresh trainer with a newly initialised (seeded) network on the given backend. The network
   * is the same for either backend, so snapshots move freely between them.
   */
  public MiniBatchTrainer(ForecasterConfig cfg, Backend backend) {
    this.cfg = cfg;
    this.backend = backend;
    this.net = LstmNetworkFactory.create(cfg);
    this.schedule = LstmNetworkFactory.schedule(cfg);
    this.networkSchedules = networkSchedules(net);
    if (net.getFlattenedGradients() == null) {
      // The updater works on the gradient view; DL4J creates it lazily on its first backprop.
      net.initGradientsView();
    }
    int n = Math.toIntExact(net.numParams());
    this.sumBuf = new double[n];
    this.updateBuf = new float[n];
    if (backend == Backend.KERNEL) {
      this.kernel = new LstmKernel(ForecasterConfig.FEATURES, cfg.hiddenSize());
      Dl4jParams.checkLayout(net, kernel);
      this.paramBuf = new float[n];
      this.microGrad = new float[n];
      this.adam = AdamStep.bind(net);
      if (adam == null) {
        LOG.info("Updater configuration not replicated in Java; using DL4J's updater");
      }
    } else {
      this.kernel = null;
      this.adam = null;
    }
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
    int batch = checkBatch(x, y, k);
    int n = Math.toIntExact(net.numParams());
    double[] sum = new double[n];
    double[][] means = new double[k][n];
    int[] sizes = new int[k];
    double loss = backend == Backend.KERNEL
        ? kernelGradient(x, y, batch, k, sum, means, sizes)
        : dl4jGradient(x, y, batch, k, sum, means, sizes);
    return new BatchGradient(sum, means, sizes, loss);
  }

  private int checkBatch(INDArray x, INDArray y, int k) {
    int batch = Math.toIntExact(x.size(0));
    if (k < 1 || k > batch || y.size(0) != batch) {
      throw new IllegalArgumentException(
          "need 1 <= k <= B and matching labels: k=" + k + " B=" + batch + " labels="
              + y.size(0));
    }
    return batch;
  }

  /** Micro-batch {@code j}'s size: sizes differ by at most one, the larger ones first. */
  private static int microSize(int batch, int k, int j) {
    return batch / k + (j < batch % k ? 1 : 0);
  }

  /**
   * DL4J path: {@code setInput/setLabels + computeGradientAndScore} per micro-batch. Fills
   * {@code sum} (overwritten), {@code means} and {@code sizes}; returns the mean loss.
   */
  private double dl4jGradient(INDArray x, INDArray y, int batch, int k, double[] sum,
      double[][] means, int[] sizes) {
    Arrays.fill(sum, 0);
    double lossSum = 0;
    int from = 0;
    for (int j = 0; j < k; j++) {
      int size = microSize(batch, k, j);
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
      double[] mean = means[j];
      for (int i = 0; i < g.length; i++) {
        sum[i] += g[i];
        mean[i] = g[i] / size;
      }
      sizes[j] = size;
      from = to;
    }
    return lossSum / batch;
  }

  /**
   * Kernel path: the same quantities as {@link #dl4jGradient} from the fused kernel at the
   * network's current parameters, without native ops or allocation.
   */
  private double kernelGradient(INDArray x, INDArray y, int batch, int k, double[] sum,
      double[][] means, int[] sizes) {
    int seqLength = checkFeatures(x);
    if (y.rank() != 2 || y.size(1) != LstmKernel.OUTPUTS) {
      throw new IllegalArgumentException(
          "labels must be [B, 2], was " + Arrays.toString(y.shape()));
    }
    xBuf = Dl4jParams.read(x, xBuf);
    yBuf = Dl4jParams.read(y, yBuf);
    return kernelGradient(xBuf, yBuf, batch, seqLength, k, sum, means, sizes);
  }

  /** {@link #kernelGradient(INDArray, INDArray, int, int, double[], double[][], int[])} on arrays. */
  private double kernelGradient(float[] x, float[] y, int batch, int seqLength, int k,
      double[] sum, double[][] means, int[] sizes) {
    loadKernelParams();
    Arrays.fill(sum, 0);
    double lossSum = 0;
    int from = 0;
    for (int j = 0; j < k; j++) {
      int size = microSize(batch, k, j);
      lossSum += kernel.gradient(x, y, from, size, seqLength, microGrad);
      double[] mean = means[j];
      for (int i = 0; i < microGrad.length; i++) {
        double g = microGrad[i];
        sum[i] += g;
        mean[i] = g / size;
      }
      sizes[j] = size;
      from += size;
    }
    return lossSum / batch;
  }

  /** Validates {@code [N, F, T]} features for the kernel and returns T. */
  private static int checkFeatures(INDArray x) {
    if (x.rank() != 3 || x.size(1) != ForecasterConfig.FEATURES) {
      throw new IllegalArgumentException("features must be [N, " + ForecasterConfig.FEATURES
          + ", T], was " + Arrays.toString(x.shape()));
    }
    return Math.toIntExact(x.size(2));
  }

  private void loadKernelParams() {
    paramBuf = Dl4jParams.read(net.params(), paramBuf);
    kernel.setParams(paramBuf);
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
    if (!allFinite(x) || !allFinite(y)) {
      // Never let a non-finite number reach the network.
      return skip(batch, nextLearningRate(), 0, 0, start, "non-finite input");
    }
    int k = Math.min(cfg.microBatches(), batch);
    checkBatch(x, y, k);
    int[] sizes = prepareMicroBatches(k);
    double loss = backend == Backend.KERNEL
        ? kernelGradient(x, y, batch, k, sumBuf, meansBuf, sizes)
        : dl4jGradient(x, y, batch, k, sumBuf, meansBuf, sizes);
    return update(batch, k, loss, start);
  }

  /**
   * {@link #step(INDArray, INDArray)} on plain row-major arrays, which the kernel backend reads
   * in place (no ND4J array is created; the DL4J backend wraps them).
   *
   * @param x features {@code [batch, F, T]} row-major, length {@code batch · F · T}
   * @param y labels {@code [batch, 2]} row-major, column 0 = normalised target
   * @param batch B
   */
  public TrainingStep step(float[] x, float[] y, int batch) {
    int seqLength = seqLength(x, batch);
    if (y.length != batch * LstmKernel.OUTPUTS) {
      throw new IllegalArgumentException("labels must hold " + batch + " x 2 values, got "
          + y.length);
    }
    if (backend == Backend.DL4J) {
      return step(Nd4j.create(x, new long[] {batch, ForecasterConfig.FEATURES, seqLength}, 'c'),
          Nd4j.create(y, new long[] {batch, LstmKernel.OUTPUTS}, 'c'));
    }
    long start = System.nanoTime();
    if (!allFinite(x) || !allFinite(y)) {
      return skip(batch, nextLearningRate(), 0, 0, start, "non-finite input");
    }
    int k = Math.min(cfg.microBatches(), batch);
    int[] sizes = prepareMicroBatches(k);
    double loss = kernelGradient(x, y, batch, seqLength, k, sumBuf, meansBuf, sizes);
    return update(batch, k, loss, start);
  }

  private int[] prepareMicroBatches(int k) {
    if (meansBuf.length != k) {
      meansBuf = new double[k][sumBuf.length];
    }
    return new int[k];
  }

  /** T of row-major {@code [n, F, T]} features, validating the length. */
  private static int seqLength(float[] x, int n) {
    int perSequence = n < 1 ? 0 : x.length / n;
    if (n < 1 || x.length % n != 0 || perSequence % ForecasterConfig.FEATURES != 0
        || perSequence == 0) {
      throw new IllegalArgumentException("features must hold n x " + ForecasterConfig.FEATURES
          + " x T values: n=" + n + " length=" + x.length);
    }
    return perSequence / ForecasterConfig.FEATURES;
  }

  /**
   * The part of a step after the gradient (in {@link #sumBuf} / {@link #meansBuf}): non-finite
   * guard, noise estimate, clipping, update and bookkeeping.
   */
  private TrainingStep update(int batch, int k, double loss, long start) {
    int iteration = net.getIterationCount();
    // Linear scaling rule for the batch actually used (adaptive batch sizes vary per step).
    double batchScale = (double) batch / cfg.batchSize();
    schedule.batchScale(batchScale);
    for (LinearWarmupSchedule s : networkSchedules) {
      s.batchScale(batchScale);
    }
    double lr = schedule.valueAt(iteration, 0);
    double[] sum = sumBuf;
    double meanNorm = Math.sqrt(NoiseScaleEstimator.squaredNorm(sum)) / batch;
    if (!Double.isFinite(loss) || !allFinite(sum) || !Double.isFinite(meanNorm)) {
      return skip(batch, lr, loss, meanNorm, start, "non-finite loss or gradient");
    }
    NoiseScaleEstimator.Estimate est = noise.update(meansBuf, (double) batch / k);

    double scale = cfg.clipNorm() > 0 && meanNorm > cfg.clipNorm() ? cfg.clipNorm() / meanNorm : 1;
    float[] clipped = updateBuf;
    for (int i = 0; i < clipped.length; i++) {
      clipped[i] = (float) (sum[i] * scale);
    }
    applyUpdate(clipped, batch, iteration);

    modelVersion++;
    trainedExamples += batch;
    long nanos = System.nanoTime() - start;
    LOG.debug("step v={} B={} lr={} loss={} |g|={} Bsimple={} in {} us", modelVersion, batch, lr,
        loss, meanNorm, noise.noiseScale(), nanos / 1000);
    return new TrainingStep(modelVersion, batch, lr, loss, meanNorm, est.gradSquared(),
        est.traceSigma(), est.traceSigma() / batch, noise.noiseScale(), false, nanos);
  }

  /** Applies the SUMMED gradient once: the updater divides by {@code batch}, then Adam. */
  private void applyUpdate(float[] summedGradient, int batch, int iteration) {
    if (adam != null && adam.apply(summedGradient, batch, iteration, net.getEpochCount())) {
      net.setIterationCount(iteration + 1);
      return;
    }
    INDArray view = net.getFlattenedGradients();
    Dl4jParams.write(summedGradient, view);
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
    if (backend == Backend.KERNEL) {
      int seqLength = checkFeatures(x);
      xBuf = Dl4jParams.read(x, xBuf);
      return kernelPredict(xBuf, Math.toIntExact(x.size(0)), seqLength);
    }
    double[][] out = net.output(x, false).toDoubleMatrix();
    for (double[] row : out) {
      row[1] = GaussianNllLoss.clampLogSigma(row[1]);
    }
    return out;
  }

  /**
   * {@link #predict(INDArray)} on a plain row-major array, read in place by the kernel backend.
   *
   * @param x features {@code [n, F, T]} row-major, length {@code n · F · T}
   * @param n sequences
   */
  public double[][] predict(float[] x, int n) {
    int seqLength = seqLength(x, n);
    if (backend == Backend.DL4J) {
      return predict(Nd4j.create(x, new long[] {n, ForecasterConfig.FEATURES, seqLength}, 'c'));
    }
    if (!allFinite(x)) {
      throw new IllegalArgumentException("non-finite input to predict");
    }
    return kernelPredict(x, n, seqLength);
  }

  private double[][] kernelPredict(float[] x, int n, int seqLength) {
    if (outBuf.length < n * LstmKernel.OUTPUTS) {
      outBuf = new float[n * LstmKernel.OUTPUTS];
    }
    loadKernelParams();
    kernel.output(x, 0, n, seqLength, outBuf);
    double[][] out = new double[n][LstmKernel.OUTPUTS];
    for (int i = 0; i < n; i++) {
      out[i][0] = outBuf[i * LstmKernel.OUTPUTS];
      out[i][1] = GaussianNllLoss.clampLogSigma(outBuf[i * LstmKernel.OUTPUTS + 1]);
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

  /** How this trainer computes gradients and forecasts. */
  public Backend backend() {
    return backend;
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
    if (a.dataType() == DataType.FLOAT && Dl4jParams.ownsWholeBuffer(a)) {
      // The common case (fresh float32 arrays): scan native memory without copying.
      FloatBuffer fb = a.data().asNioFloat();
      for (int i = 0, n = Math.toIntExact(a.length()); i < n; i++) {
        if (!Float.isFinite(fb.get(i))) {
          return false;
        }
      }
      return true;
    }
    for (double v : a.dup('c').data().asDouble()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allFinite(float[] v) {
    for (float f : v) {
      if (!Float.isFinite(f)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allFinite(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        return false;
      }
    }
    return true;
  }

  private static double finiteOrZero(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static java.util.List<LinearWarmupSchedule> networkSchedules(
      org.deeplearning4j.nn.multilayer.MultiLayerNetwork net) {
    java.util.List<LinearWarmupSchedule> out = new java.util.ArrayList<>();
    var confs = net.getLayerWiseConfigurations();
    for (int i = 0; i < confs.getConfs().size(); i++) {
      org.deeplearning4j.nn.conf.layers.Layer layer = confs.getConf(i).getLayer();
      if (layer instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer w) {
        layer = w.getUnderlying();
      }
      if (layer instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b
          && b.getIUpdater() instanceof org.nd4j.linalg.learning.config.Adam adam
          && adam.getLearningRateSchedule() instanceof LinearWarmupSchedule s
          && out.stream().noneMatch(x -> x == s)) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new io.tickcast.model.ModelException("network has no LinearWarmupSchedule on its Adam updater");
    }
    return out;
  }
}
