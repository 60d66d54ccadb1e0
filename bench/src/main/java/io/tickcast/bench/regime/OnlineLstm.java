package io.tickcast.bench.regime;

import io.tickcast.model.adapt.PageHinkley;
import io.tickcast.model.kernel.LstmKernel;
import io.tickcast.model.network.GaussianNllLoss;
import io.tickcast.model.online.DriftResponse;
import io.tickcast.model.online.ExpertMix;
import io.tickcast.model.online.RlsAr;
import io.tickcast.model.training.NoiseScaleEstimator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Prototype of the fast-adapting online learner, built from the model's existing LSTM kernel
 * (read-only use) and the new {@code io.tickcast.model.online} pieces, so the knobs can be swept
 * before the learner is redesigned. Per bar (test-then-train):
 * <ol>
 *   <li>score the experts' forecasts of this bar: mean mix (squared loss) and sigma mix (QLIKE),
 *       drift signal(s) on the LSTM's error;
 *   <li>label the newest replay sequence with the return (standardised by the EW sd used for
 *       its forecast; minus the RLS forecast in residual mode);
 *   <li>update RLS, EWMA and the variance baselines; push this bar's feature row
 *       {@code (z, |z| − 0.8, RLS forecast / sd)}, z the standardised return clipped at ±8;
 *   <li>every k bars: one Adam step on B sequences drawn from the last W (newest always in),
 *       lr × the drift boost, drawn only from the post-alarm horizon;
 *   <li>forecast: LSTM, linear (RLS), naive, EWMA → published = the expert mix.
 * </ol>
 * Predictions: {@code lstm}, {@code linear}, {@code published}. Not thread-safe.
 */
final class OnlineLstm implements Contestant {

  /**
   * Features per bar: z, |z| − 0.8, and the linear fast path's forecast of the next return in
   * the same sd units, so the LSTM can lean on RLS's quick re-fit instead of re-learning a
   * linear flip itself (-Dregime.rlsFeature=false drops it to zero for the ablation).
   */
  static final int FEATURES = 3;
  static final boolean RLS_FEATURE = Boolean.parseBoolean(System.getProperty(
      "regime.rlsFeature", "true"));
  /** Thread CPU time, not wall time: the shared machine's load would swamp a wall clock. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final int EXPERTS = 5;
  /** Sigma experts: lstm, linear, then EW variances of the published residual. */
  private static final double[] EW_LAMBDAS = {0.80, 0.94, 0.97, 0.995};
  private static final int SIGMA_EXPERTS = 2 + EW_LAMBDAS.length;
  /** Index of the RiskMetrics-like λ = 0.94 sigma expert (the sigma mix's reference). */
  private static final int SIGMA_REF = 3;
  /** Exponentiated-gradient rate and floor of the sigma mix (-Dregime.sigmaEta to sweep). */
  static final double SIGMA_ETA = Double.parseDouble(System.getProperty("regime.sigmaEta",
      "0.15"));
  static final double SIGMA_FLOOR = 0.02;
  private static final double EWMA_ALPHA = 0.05;

  private final LearnerConfig cfg;
  private final LstmKernel kernel;
  private final float[] params;
  private final float[] grad;
  private final float[] gradHalf;
  private final Adam adam;
  private final ReplayWindow replay;
  private final RlsAr rls = new RlsAr(5, 0.99, 10.0, 250, 100);
  /** Long-memory linear expert: wins on weak, persistent signals where λ 0.99 is too noisy. */
  private final RlsAr rlsSlow = new RlsAr(5, 0.998, 10.0, 250, 100);
  private final ExpertMix meanMix;
  private final ExpertMix sigmaMix;
  private final DriftResponse response;
  private final PageHinkley ph = new PageHinkley(0.5, 30.0, 30);
  private final NoiseScaleDrift noiseDrift = new NoiseScaleDrift(3, 100, 4, 30);
  private final NoiseScaleEstimator noise = new NoiseScaleEstimator(0.2);
  private final float[] x;
  private final float[] y;
  private final float[] xLatest;
  private final int[] ages;
  private final float[] out = new float[2];
  private final double scaleAlpha = 1 - Math.pow(0.5, 1 / 250.0);

  private double var = Double.NaN;
  private double rmVar = Double.NaN;
  private double ewma;
  private int sinceStep;
  private boolean ready;
  private double rlsForecast;
  private final double[] expMean = new double[EXPERTS];
  private final double[] expSigma = new double[SIGMA_EXPERTS];
  private final double[] ewVar = new double[EW_LAMBDAS.length];
  private long bars;
  private long nanos;
  private final List<double[]> weightTrace = new ArrayList<>();
  private final List<Integer> alarmBarsPh = new ArrayList<>();
  private final List<Integer> alarmBarsNoise = new ArrayList<>();

  OnlineLstm(LearnerConfig cfg) {
    this.cfg = cfg;
    this.kernel = new LstmKernel(FEATURES, cfg.hidden());
    int n = kernel.numParams();
    this.params = init(cfg.hidden(), cfg.seed());
    this.grad = new float[n];
    this.gradHalf = new float[n];
    this.adam = new Adam(n);
    kernel.setParams(params);
    this.replay = new ReplayWindow(FEATURES, cfg.seqLength(), cfg.window(), cfg.recency(),
        cfg.seed());
    this.meanMix = cfg.mixShare() > 0
        ? new ExpertMix(ExpertMix.Kind.SQUARED, ExpertMix.Rule.FIXED_SHARE, EXPERTS, 2,
            cfg.mixEta(), cfg.mixDiscount(), cfg.mixShare())
        : new ExpertMix(ExpertMix.Kind.SQUARED, EXPERTS, 2, cfg.mixEta(), cfg.mixDiscount(), 0.0);
    this.sigmaMix = new ExpertMix(ExpertMix.Kind.QLIKE, ExpertMix.Rule.GRADIENT, SIGMA_EXPERTS,
        SIGMA_REF, SIGMA_ETA, 0.99, SIGMA_FLOOR);
    this.response = cfg.boost() <= 1 && !cfg.resetMoments() && cfg.shortWindow() >= cfg.window()
        ? DriftResponse.none()
        : new DriftResponse(cfg.boost(), cfg.boostHalfLife(), cfg.resetMoments(),
            Math.min(cfg.shortWindow(), cfg.window()));
    this.x = new float[cfg.batch() * FEATURES * cfg.seqLength()];
    this.y = new float[2 * cfg.batch()];
    this.xLatest = new float[FEATURES * cfg.seqLength()];
    this.ages = new int[cfg.batch()];
  }

  /** Glorot-uniform weights, forget-gate bias 1 (DL4J's defaults for this layer), zero head. */
  private float[] init(int h, long seed) {
    float[] p = new float[kernel.numParams()];
    SplittableRandom rnd = new SplittableRandom(seed);
    int g = 4 * h;
    double limIn = Math.sqrt(6.0 / (FEATURES + g));
    double limRec = Math.sqrt(6.0 / (h + g));
    int offRec = g * FEATURES;
    int offBias = g * (FEATURES + h);
    int offDense = offBias + g;
    for (int i = 0; i < offRec; i++) {
      p[i] = (float) ((2 * rnd.nextDouble() - 1) * limIn);
    }
    for (int i = offRec; i < offBias; i++) {
      p[i] = (float) ((2 * rnd.nextDouble() - 1) * limRec);
    }
    for (int j = 0; j < h; j++) {
      p[offBias + h + j] = 1f;
    }
    double limOut = Math.sqrt(6.0 / (h + 2)) * 0.1;
    for (int i = offDense; i < offDense + 2 * h; i++) {
      p[i] = (float) ((2 * rnd.nextDouble() - 1) * limOut);
    }
    return p;
  }

  @Override
  public List<String> names() {
    return List.of("lstm", "linear", "published");
  }

  @Override
  public void forecast(double[] mean, double[] sigma, int offset) {
    mean[offset] = expMean[0];
    sigma[offset] = expSigma[0];
    mean[offset + 1] = expMean[1];
    sigma[offset + 1] = expSigma[1];
    mean[offset + 2] = meanMix.mix(expMean);
    sigma[offset + 2] = sigmaMix.mixSigma(expSigma);
  }

  @Override
  public void observe(double r) {
    long t0 = CPU.getCurrentThreadCpuTime();
    double sd = Double.isNaN(var) ? Kind.BASE_SIGMA : Math.sqrt(Math.max(var, 1e-30));
    if (ready) {
      // Sigmas are scored on the residual of the published mean: a sigma forecast is about the
      // error users will see, not about the raw return (which includes the predictable part).
      double published = meanMix.mix(expMean);
      meanMix.update(expMean, r);
      weightTrace.add(meanMix.weights());
      sigmaMix.update(expSigma, r - published);
      double e2 = (r - published) * (r - published);
      for (int i = 0; i < EW_LAMBDAS.length; i++) {
        ewVar[i] = EW_LAMBDAS[i] * ewVar[i] + (1 - EW_LAMBDAS[i]) * e2;
      }
      double z = (r - expMean[0]) / Math.max(Math.sqrt(rmVar), 1e-12);
      // Both signals always run (their alarms are reported); cfg.drift() picks the one acted on.
      if (ph.add(Math.min(z * z, 25))) {
        alarmBarsPh.add((int) bars);
        if (cfg.drift().equals("ph") || cfg.drift().equals("both")) {
          onAlarm();
        }
      }
      float label = (float) clip((r - (cfg.residual() ? rlsForecast : 0)) / sd);
      replay.labelNewest(label);
    }
    rls.update(r);
    rlsSlow.update(r);
    ewma += EWMA_ALPHA * (r - ewma);
    if (Double.isNaN(rmVar)) {
      Arrays.fill(ewVar, r * r);
    }
    rmVar = Double.isNaN(rmVar) ? r * r : 0.94 * rmVar + 0.06 * r * r;
    double z = clip(r / sd);
    double next = RLS_FEATURE ? clip(rls.predict() / sd) : 0;
    replay.push(new float[] {(float) z, (float) (Math.abs(z) - 0.8), (float) next});
    var = Double.isNaN(var) ? Math.max(r * r, 1e-30) : var + scaleAlpha * (r * r - var);
    response.onBar();
    if (++sinceStep >= cfg.every() && replay.size() >= Math.min(cfg.batch(), 8)) {
      sinceStep = 0;
      train();
    }
    predict();
    bars++;
    nanos += CPU.getCurrentThreadCpuTime() - t0;
  }

  private void onAlarm() {
    response.onAlarm();
    if (response.takeMomentReset()) {
      adam.reset();
    }
  }

  private void train() {
    int horizon = response.replayHorizon(cfg.window());
    int b = replay.sample(cfg.batch(), horizon, ages);
    if (b == 0) {
      return;
    }
    replay.gather(ages, b, x, y);
    int t = cfg.seqLength();
    if (b >= 2) {
      int half = b / 2;
      kernel.gradient(x, y, 0, half, t, grad);
      kernel.gradient(x, y, half, b - half, t, gradHalf);
      double[][] micro = new double[2][grad.length];
      for (int i = 0; i < grad.length; i++) {
        micro[0][i] = grad[i] / half;
        micro[1][i] = gradHalf[i] / (double) (b - half);
        grad[i] += gradHalf[i];
      }
      noise.update(micro, b / 2.0);
      if (noiseDrift.add(noise.noiseScale())) {
        alarmBarsNoise.add((int) bars);
        if (cfg.drift().equals("noise") || cfg.drift().equals("both")) {
          onAlarm();
        }
      }
    } else {
      kernel.gradient(x, y, 0, b, t, grad);
    }
    adam.step(params, grad, b, cfg.lr() * response.lrMultiplier());
    kernel.setParams(params);
  }

  private void predict() {
    double sd = Math.sqrt(Math.max(var, 1e-30));
    rlsForecast = rls.predict();
    double rm = Math.sqrt(rmVar);
    if (replay.latest(xLatest)) {
      kernel.output(xLatest, 0, 1, cfg.seqLength(), out);
      double mu = out[0] * sd;
      expMean[0] = cfg.residual() ? rlsForecast + mu : mu;
      expSigma[0] = Math.exp(GaussianNllLoss.clampLogSigma(out[1])) * sd;
      ready = true;
    } else {
      expMean[0] = 0;
      expSigma[0] = rm;
    }
    expMean[1] = rlsForecast;
    expSigma[1] = rls.updates() < 2 ? rm : rls.sigma();
    expMean[2] = 0;
    expMean[3] = ewma;
    expMean[4] = rlsSlow.predict();
    for (int i = 0; i < EW_LAMBDAS.length; i++) {
      expSigma[2 + i] = Math.sqrt(Math.max(ewVar[i], 1e-30));
    }
  }

  private static double clip(double v) {
    return Math.max(-RlsAr.CLIP, Math.min(RlsAr.CLIP, v));
  }

  /** Mean CPU cost of one bar (train + forecast + bookkeeping), in microseconds. */
  double microsPerBar() {
    return bars == 0 ? 0 : nanos / 1e3 / bars;
  }

  List<Integer> alarmsPh() {
    return alarmBarsPh;
  }

  List<Integer> alarmsNoise() {
    return alarmBarsNoise;
  }

  /** The mean mix's weights (lstm, linear, naive, ewma) after every scored bar. */
  List<double[]> weightTrace() {
    return weightTrace;
  }
}
