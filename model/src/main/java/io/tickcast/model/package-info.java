/**
 * tickcast's model: bars in, one-bar-ahead forecasts out, learning online.
 *
 * <p>Contract: {@link io.tickcast.model.domain.Bar} in, {@link io.tickcast.model.domain.Forecast}
 * out via {@link io.tickcast.model.SymbolForecaster#onBar}, with
 * {@link io.tickcast.model.TrainingStep} and {@link io.tickcast.model.Score} diagnostics, and
 * {@code byte[]} state/model snapshots for the caller to persist. Plain Java 17 + DL4J/ND4J +
 * SLF4J: no Kafka, no Micrometer, no Jackson (enforced by the build). Times are event time.
 * A {@link io.tickcast.model.SymbolForecaster} is single-threaded; use one per symbol and owner
 * thread. {@link io.tickcast.model.ModelException} is the module's unchecked root exception.
 */
package io.tickcast.model;
