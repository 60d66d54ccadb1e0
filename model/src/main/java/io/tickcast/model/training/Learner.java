package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.kernel.GaussianNll;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.network.Dl4jBackend;
import io.tickcast.model.network.LstmNetworkFactory;
import java.util.function.DoublePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's learner. It owns the model as plain arrays: the parameter vector (DL4J's
 * flattened layout), the {@link Optimizer} (Adam, which owns its moments), the iteration count,
 * the counters, the {@link NoiseScaleEstimator} and the {@link FastSkip}'s share (the mean it
 * forecasts is the network's plus that share of the fast input; the network steps on the rest);
 * a {@link GradientBackend} computes loss, gradient and forward pass from the parameters.
 *
 * <p>A step computes the mini-batch gradient as {@code k} micro-batch gradients at the SAME
 * parameters and sums them (plain gradient accumulation, which also yields the micro-batch
 * gradients the noise estimator needs; backpropagation runs through the last
 * {@link ForecasterConfig#bpttSteps K} time steps, all of them by default), then:
 * <ol>
 *   <li>non-finite guard: a NaN/Inf input, loss or gradient skips the step, changing nothing but
 *       the skipped-step counter;</li>
 *   <li>global L2 clipping of the mean gradient to {@code clipNorm};</li>
 *   <li>the optimizer {@link Optimizer#propose proposes} new parameters into a staging buffer at
 *       the rate of the {@link LinearWarmupSchedule} for this step's batch size;</li>
 *   <li>the step is committed (staging copied in) only if the proposed parameters are finite
 *       and the caller's guard admits the loss; otherwise it is rolled back by not committing, so
 *       no snapshot is ever taken.</li>
 * </ol>
 *
 * <p>What DL4J does here: {@link LstmNetworkFactory} defines the network and draws the seeded
 * initial parameters of a fresh learner; {@link Backend#DL4J} is the reference backend. A
 * restored learner on the kernel backend never touches ND4J.
 *
 * <p>A live learner holds only the model: the step's and the kernel's buffers are borrowed per
 * call from a per-thread pool ({@link ThreadScratch}). Not thread-safe: one caller at a time (it may move between threads between calls).
 */
public final class Learner {

  /** How gradients and forecasts are computed. */
  public enum Backend {
    /** The fused pure-Java kernel (default, production). */
    KERNEL,
    /** DL4J's own layers: the reference. */
    DL4J
  }

  /** What happened to a step. */
  public enum Outcome {
    /** The update was applied. */
    APPLIED,
    /** Non-finite input, loss or gradient: nothing changed but the skip counter. */
    SKIPPED,
    /** Computed but not applied: non-finite result or the guard refused the loss. */
    ROLLED_BACK
  }

  /** A step's diagnostics and outcome. */
  public record StepResult(TrainingStep step, Outcome outcome) {}

  /**
   * The mini-batch gradient split by micro-batch.
   *
   * @param sum sum of per-example gradients over the whole batch
   * @param microMeans mean gradient of each micro-batch
   * @param microSizes examples in each micro-batch
   * @param loss mean per-example loss over the batch
   */
  public record BatchGradient(double[] sum, double[][] microMeans, int[] microSizes, double loss) {}

  private static final Logger LOG = LoggerFactory.getLogger(Learner.class);
  /** Step and forecast buffers, per thread (computation, not state: see the class comment). */
  private static final ThreadScratch<StepScratch> SCRATCH = new ThreadScratch<>(StepScratch::new);

  private final ForecasterConfig cfg;
  private final Backend backendKind;
  private final GradientBackend backend;
  private final Optimizer optimizer;
  private final LinearWarmupSchedule schedule;
  private final NoiseScaleEstimator noise = new NoiseScaleEstimator();
  private final int n;
  private final float[] params;
  private int iteration;
  // Iteration count at the last optimizer reset: Adam's bias correction runs on iteration − origin.
  private int momentOrigin;
  private long modelVersion;
  private long trainedExamples;
  private long skippedSteps;
  // The fast skip's [θ, P] (FastSkip): part of the model, owned here.
  private double[] skipState;

  private Learner(ForecasterConfig cfg, Backend backendKind, float[] params) {
    this(cfg, backendKind, params, backendKind == Backend.KERNEL
        ? new KernelBackend(ForecasterConfig.INPUTS, cfg.hiddenSize()) : new Dl4jBackend(cfg));
  }

  /** On a given backend of that kind (tests wrap the kernel's to take its default paths). */
  Learner(ForecasterConfig cfg, Backend backendKind, float[] params, GradientBackend backend) {
    this.cfg = cfg;
    this.backendKind = backendKind;
    this.backend = backend;
    this.n = backend.numParams();
    if (params.length != n) {
      throw new ModelException("snapshot has " + params.length + " parameters, network has " + n);
    }
    this.optimizer = new Adam(n);
    this.schedule = LinearWarmupSchedule.of(cfg);
    this.params = params;
    this.skipState = cfg.fastSkip().fresh();
    backend.load(this.params);
  }

  /** A fresh learner on the kernel backend with DL4J's seeded initial parameters. */
  public Learner(ForecasterConfig cfg) {
    this(cfg, Backend.KERNEL);
  }

  /** A fresh learner with DL4J's seeded initial parameters, zero moments and counters. */
  public Learner(ForecasterConfig cfg, Backend backend) {
    this(cfg, backend, LstmNetworkFactory.initialParams(cfg));
  }

  /**
   * A learner continuing from a snapshot; on the kernel backend no DL4J network is built.
   *
   * @throws ModelException if the snapshot does not fit {@code cfg}'s network
   */
  public static Learner restored(ForecasterConfig cfg, Backend backend, TrainerSnapshot s) {
    Learner l = new Learner(cfg, backend, s.params().clone());
    l.restore(s);
    return l;
  }

  /** {@link #step(float[], float[], int, DoublePredicate)} admitting every finite step. */
  public TrainingStep step(float[] x, float[] y, int batch) {
    return step(x, y, batch, loss -> true).step();
  }

  /**
   * One optimizer step (see the class comment).
   *
   * @param x features {@code [batch, F, T]} row-major
   * @param y one normalised target per sequence, {@code [batch]}
   * @param admit decides, from the batch loss at the pre-update parameters, whether a finite
   *     step may be applied (the divergence guard)
   */
  public StepResult step(float[] x, float[] y, int batch, DoublePredicate admit) {
    return step(x, y, null, batch, admit, 1.0);
  }

  /** As above, the learning rate × {@code lrMult} (a drift boost); {@code ages}: see FastSkip#step. */
  public StepResult step(float[] x, float[] y, int[] ages, int batch, DoublePredicate admit,
      double lrMult) {
    ThreadScratch.Lease<StepScratch> lease = SCRATCH.acquire(n, optimizer.stateLength());
    try {
      return step(x, y, ages, batch, admit, lrMult, lease.value());
    } finally {
      lease.release();
    }
  }

  private StepResult step(float[] x, float[] y, int[] ages, int batch, DoublePredicate admit,
      double lrMult, StepScratch s) {
    long start = System.nanoTime();
    int seqLength = Shapes.seqLength(x, batch);
    if (y.length != batch) {
      throw new IllegalArgumentException("need " + batch + " labels, got " + y.length);
    }
    double batchScale = (double) batch / cfg.batchSize();
    double lr = schedule.rate(iteration, batchScale) * lrMult;
    if (!Finite.all(x) || !Finite.all(y)) {
      // Never let a non-finite number reach the network.
      return skip(batch, lr, 0, 0, start, "non-finite input");
    }
    // The skip's {θ, P} updated at the current parameters from the outputs of the forward pass
    // the gradient reuses (committed with the step), and the labels it leaves (FastSkip.step).
    FastSkip.Step skip = cfg.fastSkip().step(skipState, x, y, ages, batch, seqLength);
    int k = Math.min(cfg.microBatches(), batch);
    int[] sizes = new int[k];
    double[][] means = s.means(k);
    double[] sum = s.sum;
    double loss = MicroBatches.gradient(backend, x, skip, batch, seqLength,
        cfg.bpttSteps(seqLength), k, sum, means, sizes, s.microGrad);
    double meanNorm = Math.sqrt(NoiseScaleEstimator.squaredNorm(sum)) / batch;
    if (!Double.isFinite(loss) || !Finite.all(sum) || !Double.isFinite(meanNorm)) {
      return skip(batch, lr, loss, meanNorm, start, "non-finite loss or gradient");
    }
    double g2Before = noise.emaGradSquared();
    double traceBefore = noise.emaTraceSigma();
    long observationsBefore = noise.observations();
    NoiseScaleEstimator.Estimate est = noise.update(means, (double) batch / k);
    double scale = cfg.clipNorm() > 0 && meanNorm > cfg.clipNorm() ? cfg.clipNorm() / meanNorm : 1;
    float[] clipped = s.clipped;
    for (int i = 0; i < n; i++) {
      clipped[i] = (float) (sum[i] * scale);
    }
    optimizer.propose(params, clipped, batch, iteration - momentOrigin, lr, s.staging,
        s.optimizerState);
    boolean finite = Finite.all(s.staging);
    long nanos = System.nanoTime() - start;
    if (!finite || !admit.test(loss)) {
      noise.restore(g2Before, traceBefore, observationsBefore);
      LOG.debug("step {} rolled back: loss {}, params finite {}", modelVersion + 1, loss, finite);
      return new StepResult(new TrainingStep(modelVersion, batch, lr, loss, meanNorm,
          est.gradSquared(), est.traceSigma(), est.traceSigma() / batch, noise.noiseScale(), false,
          nanos), Outcome.ROLLED_BACK);
    }
    optimizer.commit(s.optimizerState);
    System.arraycopy(s.staging, 0, params, 0, n);
    skipState = skip.next();
    backend.load(params);
    // Saturates at 2^31 − 1 (centuries of 1-s bars; a wrapped count would not restore).
    if (iteration < Integer.MAX_VALUE) {
      iteration++;
    }
    modelVersion++;
    trainedExamples += batch;
    nanos = System.nanoTime() - start;
    LOG.debug("step v={} B={} lr={} loss={} |g|={} Bsimple={} in {} us", modelVersion, batch, lr,
        loss, meanNorm, noise.noiseScale(), nanos / 1000);
    return new StepResult(new TrainingStep(modelVersion, batch, lr, loss, meanNorm,
        est.gradSquared(), est.traceSigma(), est.traceSigma() / batch, noise.noiseScale(), false,
        nanos), Outcome.APPLIED);
  }

  /**
   * The gradient of a batch as {@code k} contiguous micro-batches at the current parameters,
   * changing nothing.
   *
   * @param k micro-batches, {@code 1 <= k <= batch}; sizes differ by at most one
   */
  public BatchGradient computeGradient(float[] x, float[] y, int batch, int k) {
    int seqLength = Shapes.seqLength(x, batch);
    if (k < 1 || k > batch || y.length != batch) {
      throw new IllegalArgumentException("need 1 <= k <= B and B labels: k=" + k + " B=" + batch
          + " labels=" + y.length);
    }
    return MicroBatches.of(backend, x, y, batch, seqLength, cfg.bpttSteps(seqLength), k, n);
  }

  private StepResult skip(int batch, double lr, double loss, double gradNorm, long start,
      String why) {
    skippedSteps++;
    LOG.warn("Skipping optimizer step {} ({}): {} skipped so far", modelVersion + 1, why,
        skippedSteps);
    return new StepResult(new TrainingStep(modelVersion, batch, lr, Finite.orZero(loss),
        Finite.orZero(gradNorm), 0, 0, 0, noise.noiseScale(), true, System.nanoTime() - start),
        Outcome.SKIPPED);
  }

  /**
   * Network output for {@code count} sequences; no state changes.
   *
   * @param x features {@code [count, F, T]} row-major
   * @return {@code [count][2]}: normalised mean and clamped log-sigma
   */
  public double[][] predict(float[] x, int count) {
    int seqLength = Shapes.seqLength(x, count);
    if (!Finite.all(x)) {
      throw new IllegalArgumentException("non-finite input to predict");
    }
    ThreadScratch.Lease<StepScratch> lease = SCRATCH.acquire(n, optimizer.stateLength());
    try {
      float[] raw = lease.value().out(count * LstmKernel.OUTPUTS);
      backend.output(x, 0, count, seqLength, raw);
      double[][] out = new double[count][LstmKernel.OUTPUTS];
      for (int i = 0; i < count; i++) {
        out[i][0] = FastSkip.mean(skipState, raw[i * LstmKernel.OUTPUTS], x, i, seqLength);
        out[i][1] = GaussianNll.clampLogSigma(raw[i * LstmKernel.OUTPUTS + 1]);
      }
      return out;
    } finally {
      lease.release();
    }
  }

  /**
   * Re-solves the head's mean row on {@code count} labelled sequences ({@link HeadRefit}), on
   * what the skip leaves of the labels: written into the parameters (a new model version; the
   * iteration count and Adam's clock stay) only if applied (finite, lower loss). Non-finite
   * inputs are refused ({@link HeadRefit.Result#NONE}).
   *
   * @param x features {@code [count, F, T]} row-major
   * @param y one normalised target per sequence, at least {@code count}
   * @throws IllegalArgumentException if the shapes do not fit or {@code y} is too short
   * @throws UnsupportedOperationException on the {@link Backend#DL4J} backend
   */
  public HeadRefit.Result refitHead(float[] x, float[] y, int count, HeadRefit how) {
    int seqLength = Shapes.seqLength(x, count);
    if (y.length < count) {
      throw new IllegalArgumentException("need " + count + " labels, got " + y.length);
    }
    if (!Finite.all(x) || !Finite.all(y)) {
      return HeadRefit.Result.NONE;
    }
    int h = cfg.hiddenSize();
    float[] labels = FastSkip.residual(skipState, x, y, count, seqLength);
    HeadRefit.Proposal p = how.propose(backend, params, x, labels, count, seqLength, h,
        cfg.maxBatch());
    HeadRefit.Result r = p.result();
    LOG.debug("head refit on {} sequences: loss {} -> {}, applied {}", count, r.lossBefore(),
        r.lossAfter(), r.applied());
    if (r.applied()) {
      System.arraycopy(p.row(), 0, params, HeadRefit.meanWeights(n, h), h);
      params[HeadRefit.meanBias(n)] = p.row()[h];
      backend.load(params);
      modelVersion++;
    }
    return r;
  }

  /** A deep copy of everything that defines the model (see {@link TrainerSnapshot}). */
  public TrainerSnapshot snapshot() {
    return new TrainerSnapshot(params.clone(), optimizer.state(), iteration, modelVersion,
        trainedExamples, skippedSteps, noise.emaGradSquared(), noise.emaTraceSigma(),
        noise.observations(), momentOrigin, skipState.clone());
  }

  /**
   * Overwrites the model with a snapshot of a learner of the same architecture.
   *
   * @throws ModelException if the snapshot does not fit
   */
  public void restore(TrainerSnapshot s) {
    s.checkFits(n, optimizer.stateLength());
    System.arraycopy(s.params(), 0, params, 0, n);
    optimizer.restore(s.updaterState());
    backend.load(params);
    iteration = s.iterationCount();
    momentOrigin = s.momentOrigin();
    noise.restore(s.emaGradSquared(), s.emaTraceSigma(), s.noiseObservations());
    modelVersion = s.modelVersion();
    trainedExamples = s.trainedExamples();
    skippedSteps = s.skippedSteps();
    skipState = cfg.fastSkip().adopt(s.skipState());
  }

  /**
   * Restarts the optimizer (a drift alarm's optional reset): zero moments AND a restarted
   * bias-correction clock, so the next steps are a fresh Adam's (zeroed moments alone, at a large
   * iteration count, give sign-like steps of several × lr). Nothing else changes.
   */
  public void resetOptimizer() {
    optimizer.reset();
    momentOrigin = iteration;
  }

  public ForecasterConfig config() {
    return cfg;
  }

  /** How this learner computes gradients and forecasts. */
  public Backend backend() {
    return backendKind;
  }

  /** Parameter updates (optimizer steps and head refits) applied so far. */
  public long modelVersion() {
    return modelVersion;
  }

  /** Iteration count: drives Adam's bias correction and the warm-up. */
  public int iterationCount() {
    return iteration;
  }

  public long trainedExamples() {
    return trainedExamples;
  }

  public long skippedSteps() {
    return skippedSteps;
  }

  /** The share θ of the linear expert's forecast in the mean ({@link FastSkip}; 0 if off). */
  public double skip() {
    return skipState.length == 0 ? 0 : skipState[0];
  }

  /** The network's gain g in the mean ({@link FastSkip}; 1 without the gain). */
  public double networkGain() {
    return FastSkip.gain(skipState);
  }

  public double noiseScale() {
    return noise.noiseScale();
  }

  /** Learning rate the next step will use at the configured batch size. */
  public double nextLearningRate() {
    return schedule.rate(iteration, 1.0);
  }
}
