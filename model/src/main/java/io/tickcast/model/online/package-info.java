/**
 * Building blocks of a fast-adapting online learner, independent of the network and of each
 * other: an online AR(p) by recursive least squares ({@link io.tickcast.model.online.RlsAr}), a
 * bounded-horizon aggregation of experts ({@link io.tickcast.model.online.ExpertMix}) and a
 * drift-response schedule ({@link io.tickcast.model.online.DriftResponse}). The regime suite's
 * prototype learner (replay window, noise-scale drift signal) lives in {@code bench/}.
 *
 * <p>Plain Java: no DL4J, Kafka or Micrometer. Every class is single-threaded (one owner per
 * symbol) and steps once per bar in event time. The classes the production forecaster keeps per
 * symbol ({@code RlsAr}, {@code MomentumRls}, {@code ExpertMix}) are persisted by the expert
 * panel's compact codec ({@code writeCompact}/{@code readCompact}, inside the per-bar state's
 * version envelope); {@code DriftResponse} is derived from the drift monitor's state.
 */
package io.tickcast.model.online;
