/**
 * Online mini-batch training. {@link io.tickcast.model.training.Learner} owns one model as plain
 * arrays (parameters, counters) and an {@link io.tickcast.model.training.Optimizer}
 * ({@link io.tickcast.model.training.Adam}, which owns its moments) and computes gradients and
 * forecasts through a {@link io.tickcast.model.training.GradientBackend}: the fused
 * {@link io.tickcast.model.training.KernelBackend} in production, DL4J's layers as the reference.
 * {@link io.tickcast.model.training.NoiseScaleEstimator} turns micro-batch gradients into the
 * gradient-noise-scale estimates of McCandlish et al. (2018).
 *
 * <p>No Kafka, no Micrometer; nothing here is thread-safe (single owner thread).
 */
package io.tickcast.model.training;
