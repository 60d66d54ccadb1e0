/**
 * Compact binary persistence of a forecaster: {@link ModelCodec} for the network (parameters,
 * Adam state, counters) and {@link StateCodec} for the per-bar
 * {@link io.tickcast.model.state.SymbolState}. Both are framed as
 * {@code [format version][kind][payload][CRC32]} with a configuration fingerprint at the start of
 * the payload; any malformed, truncated, corrupted or incompatible input raises
 * {@link io.tickcast.model.ModelException}. No DL4J zip, no Java serialization, no JSON.
 *
 * <p>No Kafka, no Micrometer. Codecs are stateless and thread-safe.
 */
package io.tickcast.model.persistence;
