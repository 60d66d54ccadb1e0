/**
 * The network definition: {@link io.tickcast.model.network.LstmNetworkFactory} is the only place
 * a DL4J {@code MultiLayerConfiguration} is built; {@link io.tickcast.model.network.GaussianNllLoss}
 * is the Gaussian negative log-likelihood the network is trained with.
 *
 * <p>No Kafka, no Micrometer. Networks are not thread-safe; each belongs to one owner thread.
 */
package io.tickcast.model.network;
