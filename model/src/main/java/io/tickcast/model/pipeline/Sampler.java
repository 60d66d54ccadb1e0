package io.tickcast.model.pipeline;

/**
 * Chooses which labelled sequences a step trains on, by age (0 = the sequence labelled on this
 * bar). The seam for a replay window: today the {@link #NEWEST} {@code B}; a replay sampler
 * draws {@code B} of the last {@code W} with the newest always in (the ring's capacity then
 * becomes {@code T + W}).
 */
@FunctionalInterface
public interface Sampler {

  /**
   * Fills {@code ages[0 .. batch)} with the ages of the sequences of one step, oldest first.
   *
   * @param labelled labelled sequences available (ages {@code 0 .. labelled-1})
   */
  void sample(int batch, int labelled, int[] ages);

  /** The {@code batch} most recent labelled sequences, oldest first. */
  Sampler NEWEST = (batch, labelled, ages) -> {
    for (int i = 0; i < batch; i++) {
      ages[i] = batch - 1 - i;
    }
  };
}
