package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Online aggregation of K experts' forecasts with a guarantee over a bounded recent horizon, so
 * the weights move after a regime shift instead of remembering the whole history. Three update
 * rules ({@link Rule}): fixed share (the default choice for means, see the bench regime suite),
 * exponentiated gradient (blends variances; production's sigma mix used it until 2026-12-02
 * and now uses fixed share, the bench's reference learner still does), and exponential weights
 * over DISCOUNTED cumulative losses, which is:
 * <pre>
 *   L_k ← γ·L_k + ℓ_k(y),     w_k ∝ exp(−η·(L_k − min_j L_j)),   w ← (1−ε)·w + ε/K
 * </pre>
 * The horizon is about {@code 1/(1−γ)} bars. For losses bounded in [0, ℓmax] (they are clipped),
 * the weighted average's loss over any window of that horizon exceeds the best expert's by at most
 * {@code ln K/η + η·ℓmax²/(8(1−γ))} (the Hoeffding bound of exponential weights, applied to the
 * discounted sums), and after a switch to an expert that is better by Δ per bar, its weight
 * passes 1/2 within about {@code (ln K/η + lead)/Δ} bars, where {@code lead} ≤ ℓmax/(1−γ) is the
 * old expert's discounted lead.
 *
 * <p>Two kinds of loss, both scale-free:
 * <ul>
 *   <li>{@link Kind#SQUARED} for means: {@code (y − f_k)² / v}, v an EW variance of y with the
 *       horizon's half-life; the published mean is {@link #mix} = Σ w_k f_k.
 *   <li>{@link Kind#QLIKE} for sigmas: {@code y²/s_k² − ln(y²/s_k²) − 1} with y² floored at
 *       1e−4·s_k² (a zero return would otherwise favour a zero sigma); the published sigma is
 *       {@link #mixSigma} = √(Σ w_k s_k²).
 * </ul>
 * One expert is the reference (the naive forecast): {@link #skill} reports any expert's and the
 * mix's discounted loss relative to it, so a published forecast worse than naive shows as a
 * negative number. Losses are clipped at {@link #LOSS_CAP}. Not thread-safe; one
 * {@link #update} per bar in event time.
 */
public final class ExpertMix {

  /** The loss the weights are driven by. */
  public enum Kind {
    SQUARED,
    QLIKE
  }

  /**
   * How the weights move. {@link #DISCOUNTED}: exponential weights on the discounted cumulative
   * losses (tracks the best single expert). {@link #GRADIENT}: exponentiated gradient on the
   * loss of the mix itself, {@code w_k ← w_k·exp(−η·∂ℓ(mix)/∂w_k)} (tracks the best convex
   * combination; the gradient is clipped to ±{@value #GRADIENT_CAP}), e.g. a blend of fast and
   * slow EW variances that approximates a GARCH forecast. The floor ε keeps it adaptive.
   */
  public enum Rule {
    DISCOUNTED,
    GRADIENT,
    /**
     * Fixed share (Herbster and Warmuth 1998): {@code w_k ← w_k·exp(−η·ℓ_k)}, normalised, then
     * {@code w ← (1−ε)·w + ε/K}. Tracks the best expert with switches: regret ≤ (m+1)·ln(K/ε)/η
     * + T·ε-terms against any sequence with m switches, and a switch to an expert better by Δ
     * per bar completes within about {@code ln(K/ε)/(η·Δ)} bars however long the old one led.
     */
    FIXED_SHARE
  }

  /** Clip of one coordinate of the gradient in {@link Rule#GRADIENT}. */
  public static final double GRADIENT_CAP = 50.0;

  /** Upper clip of one bar's loss. */
  public static final double LOSS_CAP = 25.0;

  private final Kind kind;
  private final Rule rule;
  private final int experts;
  private final int reference;
  private final double eta;
  private final double discount;
  private final double floor;
  private final double[] loss;
  private final double[] weights;
  private double mixLoss;
  private double scaleVar;
  private long updates;

  /**
   * @param kind SQUARED for means, QLIKE for sigmas
   * @param experts K >= 1
   * @param reference index of the naive expert that {@link #skill} is measured against
   * @param eta learning rate of the exponential weights, > 0
   * @param discount γ in (0, 1): horizon ≈ 1/(1−γ) bars
   * @param floor ε in [0, 1): share of uniform weight mixed in (keeps every expert revivable)
   */
  public ExpertMix(Kind kind, int experts, int reference, double eta, double discount,
      double floor) {
    this(kind, Rule.DISCOUNTED, experts, reference, eta, discount, floor);
  }

  /**
   * As {@link #ExpertMix(Kind, int, int, double, double, double)} with an explicit update rule
   * (the discount then only sets the horizon of {@link #skill}).
   */
  public ExpertMix(Kind kind, Rule rule, int experts, int reference, double eta,
      double discount, double floor) {
    if (kind == null || rule == null || experts < 1 || experts > 64 || reference < 0 || reference >= experts) {
      throw new IllegalArgumentException("need a kind, 1..64 experts and a valid reference");
    }
    if (!(eta > 0) || !Double.isFinite(eta) || !(discount > 0 && discount < 1)
        || !(floor >= 0 && floor < 1)) {
      throw new IllegalArgumentException("need eta > 0, discount in (0, 1), floor in [0, 1)");
    }
    this.kind = kind;
    this.rule = rule;
    this.experts = experts;
    this.reference = reference;
    this.eta = eta;
    this.discount = discount;
    this.floor = floor;
    this.loss = new double[experts];
    this.weights = new double[experts];
    java.util.Arrays.fill(weights, 1.0 / experts);
  }

  /** The published mean Σ w_k f_k. */
  public double mix(double[] forecasts) {
    check(forecasts);
    double m = 0;
    for (int k = 0; k < experts; k++) {
      m += weights[k] * forecasts[k];
    }
    return m;
  }

  /** The published sigma √(Σ w_k s_k²). */
  public double mixSigma(double[] sigmas) {
    check(sigmas);
    double v = 0;
    for (int k = 0; k < experts; k++) {
      v += weights[k] * sigmas[k] * sigmas[k];
    }
    return Math.sqrt(v);
  }

  /**
   * Scores the experts' forecasts made before {@code y} was known and moves the weights.
   *
   * @param forecasts the experts' means (SQUARED) or sigmas (QLIKE) for this bar
   * @param y the realised value
   */
  public void update(double[] forecasts, double y) {
    check(forecasts);
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("target must be finite, was " + y);
    }
    double published = kind == Kind.SQUARED ? mix(forecasts) : mixSigma(forecasts);
    if (kind == Kind.SQUARED && updates == 0) {
      scaleVar = y * y;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k < experts; k++) {
      loss[k] = discount * loss[k] + loss(forecasts[k], y);
      best = Math.min(best, loss[k]);
    }
    mixLoss = discount * mixLoss + loss(published, y);
    double sum = 0;
    if (rule != Rule.DISCOUNTED) {
      for (int k = 0; k < experts; k++) {
        double g = rule == Rule.FIXED_SHARE ? loss(forecasts[k], y)
            : Math.max(-GRADIENT_CAP, Math.min(GRADIENT_CAP, gradient(forecasts[k], published,
                y)));
        weights[k] *= Math.exp(-eta * g);
        sum += weights[k];
      }
    } else {
      for (int k = 0; k < experts; k++) {
        weights[k] = Math.exp(-eta * (loss[k] - best));
        sum += weights[k];
      }
    }
    for (int k = 0; k < experts; k++) {
      weights[k] = (1 - floor) * weights[k] / sum + floor / experts;
    }
    if (kind == Kind.SQUARED) {
      scaleVar = discount * scaleVar + (1 - discount) * y * y;
    }
    updates++;
  }

  /** d loss(mix)/d w_k: the mix is Σ w f (SQUARED) or the variance Σ w s² (QLIKE). */
  private double gradient(double fk, double mix, double y) {
    if (kind == Kind.SQUARED) {
      double v = scaleVar > 0 ? scaleVar : Math.max(y * y, Double.MIN_NORMAL);
      return -2 * (y - mix) * fk / v;
    }
    double h = Math.max(mix * mix, Double.MIN_NORMAL);
    double ratio = Math.min(y * y / h, LOSS_CAP);
    return (1 - ratio) * fk * fk / h;
  }

  private double loss(double f, double y) {
    double l;
    if (kind == Kind.SQUARED) {
      double v = scaleVar > 0 ? scaleVar : Math.max(y * y, Double.MIN_NORMAL);
      l = (y - f) * (y - f) / v;
    } else {
      double h = Math.max(f * f, Double.MIN_NORMAL);
      double ratio = Math.max(y * y / h, 1e-4);
      l = ratio - Math.log(ratio) - 1;
    }
    return Double.isFinite(l) ? Math.min(l, LOSS_CAP) : LOSS_CAP;
  }

  private void check(double[] f) {
    if (f.length != experts) {
      throw new IllegalArgumentException("need " + experts + " forecasts, got " + f.length);
    }
  }

  /** Current weights (sum 1); a copy. */
  public double[] weights() {
    return weights.clone();
  }

  /** Index of the expert with the largest weight (lowest index on ties). */
  public int dominant() {
    int best = 0;
    for (int k = 1; k < experts; k++) {
      if (weights[k] > weights[best]) {
        best = k;
      }
    }
    return best;
  }

  /**
   * Discounted skill of expert {@code k} against the reference: {@code 1 − L_k / L_ref}; 0 before
   * the first update. Negative means worse than naive over the recent horizon.
   */
  public double skill(int k) {
    return relative(loss[k]);
  }

  /** Discounted skill of the published mix against the reference. */
  public double publishedSkill() {
    return relative(mixLoss);
  }

  private double relative(double l) {
    double ref = loss[reference];
    return ref > 0 ? 1 - l / ref : 0;
  }

  public int experts() {
    return experts;
  }

  public long updates() {
    return updates;
  }

  /** Rounds the state to float precision (see {@link #writeCompact}). */
  public void quantise() {
    Codec.round(loss);
    Codec.round(weights);
    mixLoss = (float) mixLoss;
    scaleVar = (float) scaleVar;
  }

  /**
   * The state the weights and {@link #publishedSkill} depend on, as floats, without
   * configuration or counter: the weights, the scale (SQUARED only) and, if {@code withSkill},
   * the reference's and the mix's discounted losses ({@code 4·(K + 1 + 2)} bytes at most). The
   * other experts' {@link #skill}s restart at 0 on restore. Exact after {@link #quantise}.
   */
  public void writeCompact(DataOutput out, boolean withSkill) throws IOException {
    Codec.writeFloats(out, weights);
    if (kind == Kind.SQUARED) {
      out.writeFloat((float) scaleVar);
    }
    if (withSkill) {
      out.writeFloat((float) loss[reference]);
      out.writeFloat((float) mixLoss);
    }
  }

  /** Reads {@link #writeCompact} into this freshly configured instance. */
  public void readCompact(DataInput in, boolean withSkill, long updates) throws IOException {
    readCompact(in, withSkill, updates, experts);
  }

  /**
   * Reads a {@link #writeCompact} of a mix that had only this one's first {@code written}
   * experts (a state written before experts were appended). Each appended expert gets 1/K, what
   * a fresh mix gives it, and the others keep their relative weights, scaled to the rest (then
   * rounded to float precision, so the migrated state restores exactly once written).
   */
  public void readCompact(DataInput in, boolean withSkill, long updates, int written)
      throws IOException {
    if (written < 1 || written > experts) {
      throw new IllegalArgumentException("written experts must be in [1, " + experts + "]");
    }
    this.updates = updates;
    double[] old = new double[written];
    Codec.readFloats(in, old);
    double appended = (experts - written) / (double) experts;
    for (int k = 0; k < experts; k++) {
      weights[k] = k < written ? old[k] * (1 - appended) : 1.0 / experts;
    }
    if (written < experts) {
      Codec.round(weights);
    }
    if (kind == Kind.SQUARED) {
      scaleVar = in.readFloat();
    }
    if (withSkill) {
      loss[reference] = in.readFloat();
      mixLoss = in.readFloat();
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IOException("ExpertMix: negative or NaN weight");
      }
      sum += w;
    }
    if (updates < 0 || !(scaleVar >= 0) || Math.abs(sum - 1) > 1e-3) {
      throw new IOException("ExpertMix: corrupt compact state (weights sum " + sum + ")");
    }
  }

}
