/**
 * Failure policy as configuration: Kafka Streams exception handlers that count every failure and
 * route the original bytes to a dead-letter topic with a reason header instead of stopping the
 * stream, plus the uncaught-exception policy. Nothing here swallows an exception silently.
 */
package io.tickcast.app.errors;
