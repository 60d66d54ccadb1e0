package io.tickcast.model;

/**
 * Diagnostics of one optimizer step (one mini-batch of {@code batchSize} labelled sequences).
 *
 * <p>All numbers are finite. Gradient quantities refer to the gradient of the mean per-example
 * loss (Gaussian negative log-likelihood of the normalised return) with respect to all network
 * parameters, before clipping.
 *
 * @param modelVersion parameter updates (optimizer steps and head refits) applied after this
 *     step (unchanged when skipped)
 * @param batchSize examples in the step (B)
 * @param learningRate learning rate used (after linear scaling and warm-up)
 * @param loss mean per-example loss of the batch at the pre-update parameters
 * @param gradNorm global L2 norm of the mean mini-batch gradient, before clipping
 * @param gradSquared unbiased estimate of {@code |G|^2}, the squared norm of the true gradient
 *     (0 when fewer than two micro-batches)
 * @param traceSigma unbiased estimate of {@code tr Σ}, the trace of the per-example gradient
 *     covariance (0 when fewer than two micro-batches)
 * @param gradVariance {@code traceSigma / batchSize}: variance of this mini-batch gradient
 * @param noiseScale simple gradient noise scale {@code B_simple = EMA(tr Σ) / EMA(|G|^2)}
 *     (McCandlish et al. 2018), 0 until the denominator is positive
 * @param skipped true when the non-finite guard fired: parameters and optimizer state unchanged
 * @param nanos wall-clock duration of the step in nanoseconds
 */
public record TrainingStep(
    long modelVersion,
    int batchSize,
    double learningRate,
    double loss,
    double gradNorm,
    double gradSquared,
    double traceSigma,
    double gradVariance,
    double noiseScale,
    boolean skipped,
    long nanos) {}
