package io.tickcast.model.online;

/**
 * What the mean mix does on a skill alarm (the drift monitor's test that the fast experts now beat
 * the LSTM): the weights hold evidence from before the shift, so part of it is dropped. Off by
 * default (bench branch remix, {@code bench/results/regime-remix}: measured, not adopted).
 *
 * @param mode {@link Mode#OFF}, {@link Mode#UNIFORM} or {@link Mode#DEMOTE}
 * @param alpha α in [0, 1], how much of the evidence is dropped (1 = all of it)
 */
public record MixReset(Mode mode, double alpha) {

  /** How the weights move on a skill alarm. */
  public enum Mode {
    /** Nothing happens (the default). */
    OFF,
    /**
     * Fixed share's switch prior raised for one bar: {@code w ← (1−α)·w + α/K} for every expert
     * ({@link ExpertMix#share}).
     */
    UNIFORM,
    /**
     * Only the alarmed expert's evidence is dropped: its weight moves by α toward the uniform
     * prior's 1/K if above it, and the others share the difference in proportion to their
     * weights, so their evidence against each other stands ({@link ExpertMix#demote}).
     */
    DEMOTE
  }

  public MixReset {
    if (mode == null || !(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("mixReset needs a mode and alpha in [0, 1], was "
          + mode + ", " + alpha);
    }
  }

  /** Off. */
  public static MixReset off() {
    return new MixReset(Mode.OFF, 0);
  }

  /** Whether a skill alarm moves the weights. */
  public boolean on() {
    return mode != Mode.OFF && alpha > 0;
  }
}
