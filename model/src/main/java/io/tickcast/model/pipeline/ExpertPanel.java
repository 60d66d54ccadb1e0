package io.tickcast.model.pipeline;

import io.tickcast.model.online.ExpertMix;
import io.tickcast.model.online.MixReset;
import io.tickcast.model.online.MomentumRls;
import io.tickcast.model.online.RlsAr;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast experts beside the LSTM and the aggregation that publishes the forecast (issue 10;
 * design and defaults from the bench regime suite, {@code bench/README.md}).
 *
 * <p>Mean experts, in this order: {@code lstm} (the network's own mean), {@code linear} (online
 * AR(5) by RLS, forgetting 0.99: re-learns a linear flip in tens of bars), {@code naive} (zero
 * return, the reference of every skill), {@code momentum} (β × the sum of the last 5 returns,
 * β by scalar RLS λ 0.993: a weak continuation or reversal spread over several lags, which the
 * 5-coefficient RLS cannot tell from noise within its memory), {@code linear_slow} (RLS λ 0.998:
 * weak persistent signals). They are aggregated by fixed share (η 0.1, ε 0.001) on the squared
 * error normalised by an EW variance of the return.
 *
 * <p>Why (bench regime suite, 3 seeds with jittered coefficients, and the real data): a smaller
 * η moves the weights less on noise, which is what kept the published skill below naive on
 * S&amp;P daily (η 0.25: −0.08 %; η 0.1 with the momentum expert: +0.06 %). Alone it would
 * slow the switch to a weakly better expert after a shift; the momentum expert is that expert
 * on the weak-signal kind (AR(5) momentum ↔ reversal): the published recovery there improved
 * (worst over seeds 398 → 286 bars). Its λ trades the two: 0.99 recovers faster (253) but
 * leaves S&amp;P at +0.01 %, 0.995 the reverse (324, +0.10 %). Before version 2 of the state
 * the fourth expert was an EWMA of returns (α 0.05), which can only forecast continuation and
 * cost about 0.15 % of skill on S&amp;P.
 *
 * <p>Sigma experts: {@code lstm}, {@code linear} (RLS residual RMS) and EW variances (λ 0.80,
 * 0.94, 0.995) of the PUBLISHED mean's residual (sigma forecasts are about the error users see),
 * aggregated by fixed share on each expert's capped QLIKE (η 0.1, ε 0.02). Why not exponentiated
 * gradient on the mix's QLIKE (the rule until 2026-12-02, η 0.15): its step is proportional to
 * (y²/σ² − 1), so every 4–5-sigma return multiplied the widest expert's weight by up to e^(η·24)
 * and heavy tails threw the blend around; fixed share's step is bounded by the loss cap. Bench
 * regime and robustness suites: QLIKE excess lower on every kind but the GARCH-like one (0.0127
 * → 0.0138, RiskMetrics 0.0247) and on both real series (README, "Sigma aggregation").
 *
 * <p>{@link #observe} runs once per bar with the realised return (after the prediction made on
 * the previous bar was scored); {@link #forecast} is side-effect free. The experts' forecasts
 * are not stored: they are recomputed from the state, which does not change between a forecast
 * and the next {@link #observe}. The state is held at float precision ({@code quantise}) so that
 * the compact codec (about 275 bytes) restores it exactly. Not thread-safe.
 */
public final class ExpertPanel {

  /** Names of the mean experts, in weight order. */
  public static final List<String> EXPERTS =
      List.of("lstm", "linear", "naive", "momentum", "linear_slow");
  /** Index of the naive (reference) expert. */
  public static final int NAIVE = 2;
  private static final double[] EW_LAMBDAS = {0.80, 0.94, 0.995};
  /** Index of the RiskMetrics-like λ 0.94 sigma expert (the sigma mix's reference). */
  private static final int SIGMA_REF = 3;
  private static final int SIGMA_EXPERTS = 2 + EW_LAMBDAS.length;
  private static final double MOMENTUM_FORGETTING = 0.993;
  private static final double MEAN_ETA = 0.1;
  private static final double MEAN_SHARE = 0.001;
  private static final double SKILL_DISCOUNT = 0.98;
  private static final double SIGMA_ETA = 0.1;
  private static final double SIGMA_SHARE = 0.02;
  static final int VERSION = 2;
  /** Version 1: the fourth expert was an EWMA of returns (one float, dropped on restore). */
  private static final int VERSION_EWMA = 1;

  private final RlsAr rls = new RlsAr(5, 0.99, 10.0, 250, 100);
  private final RlsAr rlsSlow = new RlsAr(5, 0.998, 10.0, 250, 100);
  private final ExpertMix meanMix = new ExpertMix(ExpertMix.Kind.SQUARED,
      ExpertMix.Rule.FIXED_SHARE, EXPERTS.size(), NAIVE, MEAN_ETA, SKILL_DISCOUNT, MEAN_SHARE);
  private final ExpertMix sigmaMix = new ExpertMix(ExpertMix.Kind.QLIKE,
      ExpertMix.Rule.FIXED_SHARE, SIGMA_EXPERTS, SIGMA_REF, SIGMA_ETA, 0.99, SIGMA_SHARE);
  private final MomentumRls momentum = new MomentumRls(MOMENTUM_FORGETTING, 10.0);
  private final double[] ewVar = new double[EW_LAMBDAS.length];
  private boolean seeded;

  private ExpertPanel() {}

  /** A panel that has seen nothing. */
  public static ExpertPanel fresh() {
    return new ExpertPanel();
  }

  /**
   * The published forecast: the mix of the experts' means and sigmas.
   *
   * @param mean published mean log return
   * @param sigma published sd of the log return
   * @param weights mean weights by expert name (insertion order of {@link #EXPERTS})
   * @param dominant index of the expert with the largest mean weight
   * @param publishedSkill discounted skill of the published mean vs naive (negative = worse)
   * @param expertMeans each mean expert's forecast
   */
  public record Mix(double mean, double sigma, Map<String, Double> weights, int dominant,
      double publishedSkill, double[] expertMeans) {}

  /** The mix for the LSTM's current output; no side effects. */
  public Mix forecast(double lstmMean, double lstmSigma) {
    double[] means = means(lstmMean);
    double mean = meanMix.mix(means);
    double sigma = sigmaMix.mixSigma(sigmas(lstmSigma));
    double[] w = meanMix.weights();
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int k = 0; k < w.length; k++) {
      weights.put(EXPERTS.get(k), w[k]);
    }
    return new Mix(mean, sigma, Collections.unmodifiableMap(weights), meanMix.dominant(),
        meanMix.publishedSkill(), means);
  }

  /**
   * Folds in the realised return {@code r}: scores the previous bar's forecast (if one was made:
   * {@code prev} carries the LSTM's part of it), then updates the experts.
   */
  public void observe(double r, Prediction prev) {
    if (prev != null && seeded) {
      double[] means = means(prev.modelReturn());
      double published = meanMix.mix(means);
      double[] sigmas = sigmas(prev.modelSigma());
      meanMix.update(means, r);
      sigmaMix.update(sigmas, r - published);
      double e2 = (r - published) * (r - published);
      for (int i = 0; i < EW_LAMBDAS.length; i++) {
        ewVar[i] = EW_LAMBDAS[i] * ewVar[i] + (1 - EW_LAMBDAS[i]) * e2;
      }
    }
    if (!seeded) {
      Arrays.fill(ewVar, r * r);
      seeded = true;
    }
    if (rls.updates() > 0) {
      // The lags and scale the momentum forecast used, before r shifts into them.
      momentum.update(r, rls.lagSum(), rls.order(), rls.scale());
    }
    rls.update(r);
    rlsSlow.update(r);
    quantise();
  }

  private void quantise() {
    rls.quantise();
    rlsSlow.quantise();
    meanMix.quantise();
    sigmaMix.quantise();
    momentum.quantise();
    for (int i = 0; i < ewVar.length; i++) {
      ewVar[i] = (float) ewVar[i];
    }
  }

  private double[] means(double lstmMean) {
    double mom = rls.updates() == 0 ? 0.0
        : momentum.predict(rls.lagSum(), rls.order(), rls.scale());
    return new double[] {lstmMean, rls.predict(), 0.0, mom, rlsSlow.predict()};
  }

  private double[] sigmas(double lstmSigma) {
    double[] s = new double[SIGMA_EXPERTS];
    s[0] = lstmSigma;
    double rm = Math.sqrt(Math.max(ewVar[1], 1e-30));
    s[1] = rls.updates() < 2 ? rm : Math.max(rls.sigma(), 1e-15);
    for (int i = 0; i < EW_LAMBDAS.length; i++) {
      s[2 + i] = Math.sqrt(Math.max(ewVar[i], 1e-30));
    }
    return s;
  }

  /**
   * The linear expert's forecast of the next return (after {@link #observe}): the network's fast
   * input ({@link io.tickcast.model.ForecasterConfig#FAST_INPUTS}); pure.
   */
  public double[] fastForecasts() {
    return new double[] {rls.predict()};
  }

  /**
   * The fast path's forecast of the next return (after {@link #observe}): the mix's weighted mean
   * of the experts other than the LSTM and naive (linear, momentum, slow linear); pure.
   */
  public double fastMix() {
    double[] f = means(0.0);
    double[] w = meanMix.weights();
    double num = 0;
    double den = 0;
    for (int k = 1; k < f.length; k++) {
      if (k != NAIVE) {
        num += w[k] * f[k];
        den += w[k];
      }
    }
    return den > 0 ? num / den : rls.predict();
  }

  /**
   * Drops part of the mean mix's evidence ({@link MixReset}; sigma mix and experts unchanged):
   * called on a skill alarm against mean expert {@code alarmed} when a reset is configured (off
   * by default; bench branch remix). Keeps float precision like {@link #observe}.
   */
  public void reset(MixReset reset, int alarmed) {
    switch (reset.mode()) {
      case UNIFORM -> meanMix.share(reset.alpha());
      case DEMOTE -> meanMix.demote(alarmed, reset.alpha());
      default -> {
        return;
      }
    }
    meanMix.quantise();
  }

  /** The linear expert's EW sd of the return (half-life 250 bars). */
  public double scale() {
    return rls.scale();
  }

  /** Mean-expert weights (a copy). */
  public double[] weights() {
    return meanMix.weights();
  }

  /** Writes the compact state (version {@value #VERSION}; about 275 bytes). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(VERSION);
    // The two RLS and the two mixes are updated in lockstep: one counter each.
    out.writeInt((int) Math.min(rls.updates(), Integer.MAX_VALUE));
    out.writeInt((int) Math.min(meanMix.updates(), Integer.MAX_VALUE));
    rls.writeCompact(out, true, false);
    rlsSlow.writeCompact(out, false, true);
    meanMix.writeCompact(out, true);
    sigmaMix.writeCompact(out, false);
    for (double v : ewVar) {
      out.writeFloat((float) v);
    }
    momentum.writeCompact(out);
  }

  /**
   * Reads a state written by {@link #writeTo}, or by the previous release (version 1): its
   * EWMA expert is dropped and the momentum expert that took its place starts fresh (β 0, i.e.
   * naive, until it has evidence), inheriting the EWMA's weight; everything else restores.
   */
  public static ExpertPanel readFrom(DataInput in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION && version != VERSION_EWMA) {
      throw new IOException("expert panel version " + version + ", expected " + VERSION);
    }
    ExpertPanel p = new ExpertPanel();
    int bars = in.readInt();
    int scored = in.readInt();
    p.seeded = bars > 0;
    p.rls.readCompact(in, true, null, bars);
    p.rlsSlow.readCompact(in, false, p.rls, bars);
    p.meanMix.readCompact(in, true, scored);
    p.sigmaMix.readCompact(in, false, scored);
    for (int i = 0; i < p.ewVar.length; i++) {
      p.ewVar[i] = in.readFloat();
      if (!(p.ewVar[i] >= 0)) {
        throw new IOException("expert panel: corrupt variance");
      }
    }
    if (version == VERSION_EWMA) {
      if (!Double.isFinite(in.readFloat())) {
        throw new IOException("expert panel: corrupt EWMA");
      }
    } else {
      p.momentum.readCompact(in);
    }
    return p;
  }
}
