package io.tickcast.model.pipeline;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.adapt.BatchSizePolicy;
import io.tickcast.model.training.DivergenceGuard;
import io.tickcast.model.training.Learner;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * When and on what to take an optimizer step, one part of a symbol's pipeline: the count of
 * labelled sequences since the last step, the current batch size B (fixed, or adaptive by the
 * noise scale and dropping after a drift), the {@link Sampler} choosing the step's sequences,
 * and the rollback guard ({@link DivergenceGuard}) that admits or refuses a step by its loss.
 *
 * <p>Persistence: B and the pending count change per bar and go into the main state record; the
 * guard changes only with a step, so it is persisted with the model. The seams for the next
 * issue's replay window: {@link #due()} (a step every k bars) and the sampler. Not thread-safe.
 */
public final class StepPolicy {

  private final BatchSizePolicy sizes;
  private final Sampler sampler;
  private final int maxBatch;
  private final ForecasterConfig.Replay replay;
  private final long seed;
  private DivergenceGuard guard;
  private int currentBatch;
  private int pending;

  private StepPolicy(ForecasterConfig cfg, int currentBatch, int pending) {
    ForecasterConfig.Adaptivity a = cfg.adapt();
    this.sizes = new BatchSizePolicy(a.adaptiveBatch(), cfg.batchSize(), a.minBatchSize(),
        a.maxBatchSize());
    this.replay = cfg.replay();
    this.sampler = replay.on() ? null : Sampler.NEWEST;
    this.seed = cfg.seed();
    this.maxBatch = cfg.maxBatch();
    this.guard = new DivergenceGuard();
    this.currentBatch = currentBatch < 1 ? sizes.initial() : currentBatch;
    this.pending = pending;
  }

  public static StepPolicy fresh(ForecasterConfig cfg) {
    return new StepPolicy(cfg, 0, 0);
  }

  /** One more labelled sequence. */
  public void labelled() {
    pending++;
  }

  /**
   * A step is due: at least B labelled sequences since the last one, or with replay, k labelled
   * bars since the last step.
   */
  public boolean due() {
    return pending >= (replay.on() ? replay.every() : currentBatch);
  }

  /** Labelled sequences needed in the ring for a step: B, or 1 with replay (with replacement). */
  public int minLabelled() {
    return replay.on() ? 1 : currentBatch;
  }

  /** Batch size of the next step. */
  public int batch() {
    return currentBatch;
  }

  /**
   * Fills the ages of the next step's sequences (oldest first; with replay in draw order).
   *
   * @param draw a number that identifies the step (e.g. bars seen), seeding the replay draw so
   *     that a restored pipeline draws the same batches without persisting a generator
   */
  public void sample(int labelled, int[] ages, long draw) {
    sample(labelled, ages, draw, replay.window());
  }

  /** As {@link #sample(int, int[], long)} with replay limited to the newest {@code horizon}. */
  public void sample(int labelled, int[] ages, long draw, int horizon) {
    if (replay.on()) {
      int eligible = Math.max(1, Math.min(labelled, Math.min(horizon, replay.window())));
      ReplaySampler.sample(currentBatch, eligible, replay.halfLife(),
          seed * 0x9E3779B97F4A7C15L + draw, ages);
    } else {
      sampler.sample(currentBatch, labelled, ages);
    }
  }

  /** Whether the guard lets a step with this loss through. */
  public boolean admits(double loss) {
    return !guard.isExploding(loss);
  }

  /** Books a step's outcome: resets the count, feeds the guard, adapts B. */
  public void stepped(Learner.StepResult r) {
    pending = replay.on() ? Math.max(0, pending - replay.every()) : 0;
    book(r, true);
    if (r.outcome() == Learner.Outcome.APPLIED) {
      currentBatch = sizes.next(currentBatch, r.step().noiseScale());
    }
  }

  /**
   * Books an extra step ({@link CatchUp}): feeds the guard only; the pending count and B stay,
   * so the regular schedule of a step every k bars is unchanged. Its refusals never move the
   * guard's baseline: its batches all come from the newest sequences, so refusals in a row say
   * nothing about a lasting shift.
   */
  public void extraStepped(Learner.StepResult r) {
    book(r, false);
  }

  private void book(Learner.StepResult r, boolean mayFold) {
    switch (r.outcome()) {
      case APPLIED -> guard.accept(r.step().loss());
      case ROLLED_BACK -> guard.rolledBack(r.step().loss(), mayFold);
      case SKIPPED -> { }
      default -> throw new IllegalStateException("unknown outcome " + r.outcome());
    }
  }

  /** A drift alarm: B drops to B_min in adaptive mode. */
  public void afterDrift() {
    currentBatch = sizes.afterDrift(currentBatch);
  }

  public DivergenceGuard guard() {
    return guard;
  }

  /** Replaces the guard with the one persisted with the model. */
  public void guard(DivergenceGuard value) {
    guard = value;
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(currentBatch);
    out.writeInt(pending);
  }

  /**
   * Reads the part. A batch size or pending count beyond this configuration's largest batch (a
   * configuration change) is clamped, not rejected: the sequences are still valid.
   */
  public static StepPolicy readFrom(DataInput in, ForecasterConfig cfg) throws IOException {
    return restore(cfg, in.readInt(), in.readInt());
  }

  public static StepPolicy restore(ForecasterConfig cfg, int currentBatch, int pending)
      throws IOException {
    if (currentBatch < 1 || pending < 0) {
      throw new IOException("corrupt step policy: B=" + currentBatch + " pending=" + pending);
    }
    StepPolicy p = new StepPolicy(cfg, currentBatch, Math.min(pending, cfg.maxBatch()));
    if (currentBatch > p.maxBatch || !p.sizes.adaptive() && currentBatch != cfg.batchSize()) {
      p.currentBatch = p.sizes.initial();
    }
    return p;
  }
}
