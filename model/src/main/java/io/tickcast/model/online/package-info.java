/**
 * Building blocks of a fast-adapting online learner, independent of the network and of each
 * other: an online AR(p) by recursive least squares ({@link io.tickcast.model.online.RlsAr}), a
 * bounded-horizon aggregation of experts ({@link io.tickcast.model.online.ExpertMix}), a replay
 * window of labelled sequences ({@link io.tickcast.model.online.ReplayWindow}), a drift-response
 * schedule ({@link io.tickcast.model.online.DriftResponse}) and a noise-scale drift signal
 * ({@link io.tickcast.model.online.NoiseScaleDrift}).
 *
 * <p>Plain Java: no DL4J, Kafka or Micrometer. Every class is single-threaded (one owner per
 * symbol), steps once per bar in event time, and persists its state with a compact versioned
 * binary codec ({@code writeTo(DataOutput)} / {@code readFrom(DataInput)}).
 */
package io.tickcast.model.online;
