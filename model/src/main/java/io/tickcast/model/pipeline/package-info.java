/**
 * The per-symbol pipeline as small parts, each owning its state and codec:
 * {@link io.tickcast.model.pipeline.BarFeatures} (features, normalisers, labelled sequence rows),
 * {@link io.tickcast.model.pipeline.Scorer} (evaluation and the skill gate),
 * {@link io.tickcast.model.pipeline.DriftMonitor} (drift test and recovery),
 * {@link io.tickcast.model.pipeline.StepPolicy} (when and on what to step: batch size, sampler,
 * rollback guard) and {@link io.tickcast.model.pipeline.LstmExpert} (the model and its
 * side-effect-free prediction). {@link io.tickcast.model.SymbolForecaster#onBar} composes them.
 * Per-bar state is written through a {@link io.tickcast.model.pipeline.StateStore}.
 *
 * <p>No Kafka, no Micrometer. Nothing here is thread-safe: one owner thread per symbol.
 */
package io.tickcast.model.pipeline;
