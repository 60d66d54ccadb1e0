/**
 * The small per-symbol state that changes on every bar (everything except the network):
 * {@link SymbolState} groups the last bar, normalisers, input ring, pending forecast, evaluator
 * and baseline so it can be persisted and restored as one unit.
 *
 * <p>No Kafka, no Micrometer. Not thread-safe.
 */
package io.tickcast.model.state;
