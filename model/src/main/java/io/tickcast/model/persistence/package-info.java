/**
 * Compact binary persistence of a forecaster: {@link ModelCodec} for the model (parameters,
 * Adam state, counters, rollback guard), {@link StateCodec} for the main per-bar record (a list
 * of the pipeline's parts) and {@link RowCodec} for each sequence row. All are framed as
 * {@code [format version][kind][payload][CRC32]}; older state versions are migrated, and any
 * malformed, truncated, corrupted or incompatible input raises
 * {@link io.tickcast.model.ModelException}. No Java serialization, no JSON (the DL4J zip is the
 * export format, see {@code io.tickcast.model.network.Dl4jExport}).
 *
 * <p>No Kafka, no Micrometer. Codecs are stateless and thread-safe.
 */
package io.tickcast.model.persistence;
