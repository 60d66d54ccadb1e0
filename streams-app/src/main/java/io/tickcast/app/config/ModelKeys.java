package io.tickcast.app.config;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.training.HeadRefit;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code model.*} keys and the model's {@link ForecasterConfig}, both ways: their defaults
 * (taken from the model's own) and the record read from them, with the model's own range checks
 * turned back into errors naming the key. The sizes' upper bounds are {@link ModelLimits}.
 */
final class ModelKeys {

  private static final Map<String, String> MODEL_FIELD_KEYS = Map.ofEntries(
      Map.entry("seqLength", "model.seq.length"),
      Map.entry("hiddenSize", "model.hidden.size"),
      Map.entry("batchSize", "model.batch.size"),
      Map.entry("refBatchSize", "model.ref.batch.size"),
      Map.entry("learningRate", "model.learning.rate"),
      Map.entry("warmupUpdates", "model.warmup.updates"),
      Map.entry("clipNorm", "model.clip.norm"),
      Map.entry("microBatches", "model.micro.batches"),
      Map.entry("normHalfLifeBars", "model.norm.half.life"),
      Map.entry("evalWindow", "model.eval.window"),
      Map.entry("gateMinSkill", "model.gate.min.skill"),
      Map.entry("gateMinScored", "model.gate.min.scored"),
      Map.entry("ewmaReturnAlpha", "model.ewma.alpha"),
      Map.entry("riskMetricsLambda", "model.riskmetrics.lambda"),
      Map.entry("seed", "model.seed"),
      Map.entry("minBatchSize", "model.min.batch.size"),
      Map.entry("maxBatchSize", "model.max.batch.size"),
      Map.entry("driftDelta", "model.drift.delta"),
      Map.entry("driftLambda", "model.drift.lambda"),
      Map.entry("recoveryWindow", "model.recovery.window"),
      Map.entry("replay.every", "model.replay.every"),
      Map.entry("replay.window", "model.replay.window"),
      Map.entry("replay.halfLife", "model.replay.half.life"),
      Map.entry("bpttLength", "model.bptt.length"),
      Map.entry("headRefit.mode", "model.head.refit"),
      Map.entry("headRefit.sequences", "model.head.refit"),
      Map.entry("headRefit.ridge", "model.head.refit"),
      Map.entry("headRefit.errorGate", "model.head.refit"),
      Map.entry("headRefit.fastMargin", "model.head.refit"),
      Map.entry("headRefit.fastWindow", "model.head.refit"),
      Map.entry("headRefit.fastMaxScale", "model.head.refit"),
      Map.entry("fastSkip.forgetting", "model.fast.skip.forgetting"),
      Map.entry("fastSkip.gainForgetting", "model.fast.skip.gain.forgetting"),
      Map.entry("fastSkip.gainHalfLife", "model.fast.skip.gain.half.life"));

  /**
   * {@code model.head.refit}: the catch-up's closed-form head refit ({@code instead} of its steps,
   * the model's default) or {@code off} (the catch-up's optimizer steps alone, as before the
   * refit, error gate off); its N, ridge and error gate are the model's defaults (the regime
   * suite sets them in bench).
   */
  private static final Map<String, HeadRefit> HEAD_REFITS = Map.of(
      "instead", HeadRefit.defaults(),
      "off", HeadRefit.off());

  private ModelKeys() {}

  /** Puts the {@code model.*} defaults into {@code d}, in the README's order. */
  static void putDefaults(Map<String, String> d) {
    ForecasterConfig m = ForecasterConfig.defaults();
    d.put("model.seq.length", Integer.toString(m.seqLength()));
    d.put("model.hidden.size", Integer.toString(m.hiddenSize()));
    d.put("model.batch.size", Integer.toString(m.batchSize()));
    d.put("model.ref.batch.size", Integer.toString(m.refBatchSize()));
    d.put("model.learning.rate", Double.toString(m.learningRate()));
    d.put("model.warmup.updates", Integer.toString(m.warmupUpdates()));
    d.put("model.clip.norm", Double.toString(m.clipNorm()));
    d.put("model.micro.batches", Integer.toString(m.microBatches()));
    d.put("model.norm.half.life", Double.toString(m.normHalfLifeBars()));
    d.put("model.eval.window", Integer.toString(m.evalWindow()));
    d.put("model.gate.min.skill", Double.toString(m.gateMinSkill()));
    d.put("model.gate.min.scored", Integer.toString(m.gateMinScored()));
    d.put("model.ewma.alpha", Double.toString(m.ewmaReturnAlpha()));
    d.put("model.riskmetrics.lambda", Double.toString(m.riskMetricsLambda()));
    d.put("model.seed", Long.toString(m.seed()));
    ForecasterConfig.Adaptivity a = m.adapt();
    d.put("model.adaptive.batch", Boolean.toString(a.adaptiveBatch()));
    d.put("model.min.batch.size", Integer.toString(a.minBatchSize()));
    d.put("model.max.batch.size", Integer.toString(a.maxBatchSize()));
    d.put("model.drift.delta", Double.toString(a.driftDelta()));
    d.put("model.drift.lambda", Double.toString(a.driftLambda()));
    d.put("model.drift.reset.moments", Boolean.toString(a.resetMomentsOnDrift()));
    d.put("model.recovery.window", Integer.toString(a.recoveryWindow()));
    d.put("model.replay.every", Integer.toString(m.replay().every()));
    d.put("model.replay.window", Integer.toString(m.replay().window()));
    d.put("model.replay.half.life", Double.toString(m.replay().halfLife()));
    d.put("model.bptt.length", Integer.toString(m.bpttLength()));
    d.put("model.head.refit", m.headRefit().mode().name().toLowerCase(Locale.ROOT));
    d.put("model.fast.skip", Boolean.toString(m.fastSkip().on()));
    d.put("model.fast.skip.forgetting", Double.toString(m.fastSkip().forgetting()));
    d.put("model.fast.skip.gain.forgetting", Double.toString(m.fastSkip().gainForgetting()));
    d.put("model.fast.skip.gain.half.life", Double.toString(m.fastSkip().gainHalfLife()));
  }

  /**
   * The model's config from the {@code model.*} keys of {@code r}; {@code kafka} (the {@code
   * kafka.*} overrides) bounds the hidden size.
   *
   * @throws ConfigException naming the key at fault
   */
  static ForecasterConfig read(ConfigReader r, Map<String, String> kafka) {
    try {
      return new ForecasterConfig(
          r.intBetween("model.seq.length", 2, ModelLimits.MAX_SEQ_LENGTH),
          ModelLimits.checkHiddenSize(r.intAtLeast("model.hidden.size", 1), kafka),
          r.intAtLeast("model.batch.size", 1),
          r.intAtLeast("model.ref.batch.size", 1),
          r.positiveDouble("model.learning.rate"),
          r.intAtLeast("model.warmup.updates", 0),
          r.nonNegativeDouble("model.clip.norm"),
          r.intAtLeast("model.micro.batches", 1),
          r.positiveDouble("model.norm.half.life"),
          r.intAtLeast("model.eval.window", 2),
          r.finiteDouble("model.gate.min.skill"),
          r.intAtLeast("model.gate.min.scored", 0),
          r.unitInterval("model.ewma.alpha"),
          r.unitInterval("model.riskmetrics.lambda"),
          r.parse("model.seed", Long::parseLong, "an integer"),
          new ForecasterConfig.Adaptivity(
              r.bool("model.adaptive.batch"),
              r.intAtLeast("model.min.batch.size", 1),
              r.intAtLeast("model.max.batch.size", 1),
              r.nonNegativeDouble("model.drift.delta"),
              r.positiveDouble("model.drift.lambda"),
              r.bool("model.drift.reset.moments"),
              r.intAtLeast("model.recovery.window", 2)),
          new ForecasterConfig.Replay(
              r.intAtLeast("model.replay.every", 1),
              r.intAtLeast("model.replay.window", 0),
              r.positiveDouble("model.replay.half.life")),
          r.intAtLeast("model.bptt.length", 0),
          HEAD_REFITS.get(r.oneOf("model.head.refit", HEAD_REFITS.keySet())),
          ForecasterConfig.DEFAULT_SKIP.withOn(r.bool("model.fast.skip"))
              .withForgetting(r.positiveDouble("model.fast.skip.forgetting"))
              .withGainForgetting(r.nonNegativeDouble("model.fast.skip.gain.forgetting"))
              .withGainHalfLife(r.nonNegativeDouble("model.fast.skip.gain.half.life")));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // ForecasterConfig's own checks name the record field; translate it back to our key.
      throw new ConfigException(modelKeyOf(e.getMessage()), e.getMessage(), e);
    }
  }

  private static String modelKeyOf(String message) {
    String msg = message == null ? "" : message;
    return MODEL_FIELD_KEYS.entrySet().stream()
        .filter(e -> msg.startsWith(e.getKey() + " ") || msg.contains(" " + e.getKey() + " "))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("model.*");
  }
}
