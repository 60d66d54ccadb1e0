/**
 * The production compute path: a fused, allocation-free pure-Java implementation of exactly the
 * forecaster's network ({@link io.tickcast.model.kernel.LstmKernel}: LSTM forward, Gaussian-NLL
 * loss via {@link io.tickcast.model.kernel.GaussianNll}, backpropagation through time), reading
 * parameters and writing gradients in DL4J's flattened layout so that a DL4J network built from
 * the same vector is the same model (the export format).
 * {@link io.tickcast.model.kernel.Activations} holds the vectorisable tanh and sigmoid.
 *
 * <p>Contract: same results as DL4J up to float32 rounding (checked against
 * {@code computeGradientAndScore()} and {@code output()} by the tests). No DL4J or ND4J import,
 * no Kafka, no Micrometer. Nothing here is thread-safe: one instance per owner thread.
 */
package io.tickcast.model.kernel;
