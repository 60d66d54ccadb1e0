/**
 * Prequential (test-then-train) evaluation: {@link EwmaBaseline} is the cheap benchmark every
 * model forecast is compared with, and {@link PrequentialEvaluator} scores each forecast against
 * the return that followed and keeps windowed error metrics and the skill the publishing gate
 * uses.
 *
 * <p>Pure Java, no Kafka, no Micrometer. Not thread-safe.
 */
package io.tickcast.model.evaluation;
