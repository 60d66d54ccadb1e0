/**
 * Everything DL4J does in production: the network definition
 * ({@link io.tickcast.model.network.LstmNetworkFactory}, the only place a
 * {@code MultiLayerConfiguration} is built, and the seeded initial parameters), the reference
 * {@link io.tickcast.model.network.Dl4jBackend} the kernel is tested against, the
 * {@link io.tickcast.model.network.GaussianNllLoss} adapter, the
 * {@link io.tickcast.model.network.Dl4jParams} bridge between native arrays and {@code float[]},
 * and the export of a tickcast model as a standard DL4J model zip
 * ({@link io.tickcast.model.network.Dl4jExport}).
 *
 * <p>No Kafka, no Micrometer. Networks are not thread-safe; each belongs to one owner thread.
 */
package io.tickcast.model.network;
