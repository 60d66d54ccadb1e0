package io.tickcast.model.pipeline;

/**
 * The per-bar parts of one symbol's pipeline, as persisted in its main state record (each part
 * with its own codec, framed as a list of tagged parts by
 * {@link io.tickcast.model.persistence.StateCodec}). A part the record does not carry starts
 * fresh, which is how new parts (an online linear expert, an aggregator's weights) join
 * without a format change.
 *
 * @param symbol the symbol the state belongs to
 */
public record PipelineState(String symbol, BarFeatures features, Scorer scorer,
    DriftMonitor drift, StepPolicy policy, ExpertPanel panel) {

  /** Fresh parts for {@code cfg}. */
  public static PipelineState fresh(String symbol, io.tickcast.model.ForecasterConfig cfg) {
    return new PipelineState(symbol, BarFeatures.fresh(cfg), Scorer.fresh(cfg),
        DriftMonitor.fresh(cfg), StepPolicy.fresh(cfg), ExpertPanel.fresh());
  }
}
