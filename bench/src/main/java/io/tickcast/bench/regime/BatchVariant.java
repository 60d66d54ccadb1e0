package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One configuration of the batch-size study (issue 10 item 6) on the production
 * {@link ForecasterConfig}; everything not named here stays at {@link ForecasterConfig#defaults()}.
 * The production learning-rate schedule already applies the linear scaling rule
 * ({@code lr = learningRate · B / refBatchSize}), so the arms only choose B, k and B_ref:
 * <ul>
 *   <li>{@link Arm#EXAMPLES} (a): equal examples per bar: a step every k = B bars from the replay
 *       window (W 256, half-life 64), so one sequence is drawn per labelled bar; lr = 3e-3·B/16;
 *   <li>{@link Arm#ONCE} (a, strict): replay off, a step every B bars on the B newest sequences,
 *       so each labelled example is trained on exactly once; lr = 3e-3·B/16;
 *   <li>{@link Arm#FREQUENCY} (b): equal update frequency: a step every k = 4 bars from the replay
 *       window, lr fixed at 3e-3 (B_ref = B), B varies;
 *   <li>{@link Arm#ADAPTIVE} (c): the production adaptive-B controller (B follows the noise scale
 *       within [2, 256] and drops to 2 after a drift alarm), k = 4, lr by the linear rule.
 * </ul>
 *
 * @param lr the step's learning rate after the linear rule (at the start for ADAPTIVE)
 */
record BatchVariant(Arm arm, int batch, int every, double lr, ForecasterConfig config) {

  /** The study's arms (see the class comment). */
  enum Arm { EXAMPLES, ONCE, FREQUENCY, ADAPTIVE }

  static final double LR_REF = 3e-3;
  static final int B_REF = 16;
  static final List<Integer> BATCHES = List.of(1, 4, 16, 64, 256);

  static BatchVariant of(Arm arm, int batch) {
    ForecasterConfig d = ForecasterConfig.defaults();
    ForecasterConfig.Replay replay = d.replay();
    return switch (arm) {
      case EXAMPLES -> new BatchVariant(arm, batch, batch, LR_REF * batch / B_REF,
          withRefBatch(d.withBatchSize(batch), B_REF)
              .withReplay(new ForecasterConfig.Replay(batch, replay.window(), replay.halfLife())));
      case ONCE -> new BatchVariant(arm, batch, batch, LR_REF * batch / B_REF,
          withRefBatch(d.withBatchSize(batch), B_REF).withReplay(ForecasterConfig.Replay.off()));
      case FREQUENCY -> new BatchVariant(arm, batch, replay.every(), LR_REF,
          withRefBatch(d.withBatchSize(batch), batch));
      case ADAPTIVE -> new BatchVariant(arm, batch, replay.every(), LR_REF * batch / B_REF,
          withRefBatch(d.withBatchSize(batch), B_REF)
              .withAdapt(d.adapt().withAdaptiveBatch(true)));
    };
  }

  /** Every arm × B of the study, arms in {@code arms} order; ADAPTIVE once, starting at B 16. */
  static List<BatchVariant> all(List<Arm> arms, List<Integer> batches) {
    List<BatchVariant> out = new ArrayList<>();
    for (Arm a : arms) {
      if (a == Arm.ADAPTIVE) {
        out.add(of(a, B_REF));
        continue;
      }
      for (int b : batches) {
        out.add(of(a, b));
      }
    }
    return out;
  }

  /** Short label, e.g. {@code a B=64 k=64 lr=1.2e-2}. */
  String label() {
    String name = switch (arm) {
      case EXAMPLES -> "a";
      case ONCE -> "a-once";
      case FREQUENCY -> "b";
      case ADAPTIVE -> "c adaptive";
    };
    return String.format(Locale.ROOT, "%s B=%s k=%d lr=%.2e", name,
        arm == Arm.ADAPTIVE ? "2..256" : Integer.toString(batch), every, lr);
  }

  /**
   * The configuration for series {@code seed}: seed 1 keeps the defaults' weight seed (42), the
   * others get their own initialisation (41 + seed), as the suite's prototype learner does.
   */
  ForecasterConfig config(long seed) {
    return copy(config, config.refBatchSize(), 41 + seed);
  }

  private static ForecasterConfig withRefBatch(ForecasterConfig c, int refBatch) {
    return copy(c, refBatch, c.seed());
  }

  private static ForecasterConfig copy(ForecasterConfig c, int refBatch, long seed) {
    return c.toBuilder().refBatchSize(refBatch).seed(seed).build();
  }
}
