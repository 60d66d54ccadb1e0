/**
 * Immutable, validated value types exchanged with the streams app: {@link Bar} (input) and
 * {@link Forecast} (output). Times are event time in epoch milliseconds. Thread-safe.
 */
package io.tickcast.model.domain;
