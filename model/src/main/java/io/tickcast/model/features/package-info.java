/**
 * Per-bar features and their online normalisation: {@link FeatureExtractor} turns two
 * consecutive bars into {@link io.tickcast.model.ForecasterConfig#FEATURES} numbers,
 * {@link EwNormalizer} standardises them with exponentially weighted statistics that only ever
 * include the past and present, and {@link SequenceRing} keeps the last normalised rows and their
 * labels as the LSTM's input window.
 *
 * <p>Pure Java, no Kafka, no Micrometer, no ND4J. Nothing here is thread-safe.
 */
package io.tickcast.model.features;
