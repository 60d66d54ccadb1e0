/**
 * The fast path of the online trainer: a fused, allocation-free pure-Java implementation of
 * exactly the forecaster's network ({@link io.tickcast.model.kernel.LstmKernel}: LSTM forward,
 * Gaussian-NLL loss, backpropagation through time) and of its Adam step
 * ({@link io.tickcast.model.kernel.AdamStep}), both working on DL4J's flattened parameter,
 * gradient and updater-state layouts so that the DL4J {@code MultiLayerNetwork} stays the
 * canonical, persisted model. {@link io.tickcast.model.kernel.Dl4jParams} moves vectors between
 * native ND4J buffers and {@code float[]} and checks the layout;
 * {@link io.tickcast.model.kernel.Activations} holds the vectorisable tanh and sigmoid.
 *
 * <p>Contract: same results as DL4J up to float32 rounding (checked against
 * {@code computeGradientAndScore()}, {@code output()} and DL4J's updater by the tests). No Kafka,
 * no Micrometer, no ND4J ops inside the kernel. Nothing here is thread-safe: one instance per
 * owner thread.
 */
package io.tickcast.model.kernel;
