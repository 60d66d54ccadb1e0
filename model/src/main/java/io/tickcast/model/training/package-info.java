/**
 * Online mini-batch training: {@link io.tickcast.model.training.MiniBatchTrainer} owns one
 * network and applies one Adam update per mini-batch from accumulated micro-batch gradients;
 * {@link io.tickcast.model.training.NoiseScaleEstimator} turns those micro-batch gradients into
 * the gradient-noise-scale estimates of McCandlish et al. (2018). Gradients, forecasts and the
 * Adam step run on the pure-Java {@link io.tickcast.model.kernel} by default, with DL4J's own
 * layers selectable as the reference ({@link io.tickcast.model.training.MiniBatchTrainer.Backend}).
 *
 * <p>No Kafka, no Micrometer; nothing here is thread-safe (single owner thread).
 */
package io.tickcast.model.training;
