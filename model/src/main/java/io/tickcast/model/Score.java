package io.tickcast.model;

/**
 * Prequential (test-then-train) score of the forecast made at bar {@code t} against the realised
 * log return of bar {@code t+1}, plus windowed metrics over the last {@code evalWindow} scored
 * forecasts (this one included).
 *
 * <p>Returns are log returns (dimensionless), sigmas are standard deviations of log returns.
 * "naive" is the zero-return (random walk) forecast; "ewma" is the EWMA return forecast with the
 * RiskMetrics EWMA sigma. QLIKE uses the common form {@code ln σ² + r²/σ²} (lower is better;
 * can be negative). All values are finite.
 *
 * @param skill {@code 1 - mseModel / mseNaive} over the window (0 when mseNaive is 0)
 * @param scored number of forecasts in the window
 * @param maeNaive windowed mean absolute error of the naive (zero) forecast
 * @param maeEwma windowed mean absolute error of the EWMA return forecast
 * @param directionalAccuracyEwma windowed share of EWMA forecasts with the right sign (the naive
 *     forecast has no sign)
 */
public record Score(
    double actualReturn,
    double modelReturn,
    double modelSigma,
    double naiveReturn,
    double ewmaReturn,
    double ewmaSigma,
    double mseModel,
    double mseNaive,
    double mseEwma,
    double maeModel,
    double directionalAccuracy,
    double qlikeModel,
    double qlikeEwma,
    double skill,
    long scored,
    double maeNaive,
    double maeEwma,
    double directionalAccuracyEwma) {}
