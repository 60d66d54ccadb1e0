/**
 * An in-process, single-node KRaft Kafka broker for the demo and the integration tests.
 *
 * <p>{@link io.tickcast.app.broker.EmbeddedKafkaBroker} runs the real broker and controller
 * code from the Kafka jars inside the calling JVM, so neither a Docker engine nor a separate
 * Kafka install is needed. It is meant for a laptop demo or a test. It has no replication and
 * no security, and listens on the loopback address only.
 */
package io.tickcast.app.broker;
