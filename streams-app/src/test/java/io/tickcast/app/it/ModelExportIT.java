package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.export.ModelExport;
import io.tickcast.app.fixtures.ExportedModel;
import io.tickcast.app.it.support.BarFeed;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.model.domain.Forecast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Export from a running instance: the latest committed records of the changelogs become a DL4J
 * model zip that forecasts what the instance last published.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModelExportIT extends BrokerTestBase {

  private static final String SYMBOL = "EXPT";
  private static final int BARS = 40;

  @Test
  void shouldExportTheRunningInstancesModelFromItsChangelogs() throws Exception {
    // Given an instance that forecast a symbol's bars
    String id = PipelineConfig.uniqueId("export");
    AppConfig config = PipelineConfig.config(PipelineConfig.props(id, tmp.resolve(id), 1));
    PipelineConfig.createTopics(config, broker.bootstrapServers());
    try (TickcastService service = TickcastService.start(config, broker.bootstrapServers());
        ForecastCollector collector = new ForecastCollector(broker.bootstrapServers(),
            config.topics().forecasts())) {
      BarFeed.write(broker.bootstrapServers(), config.topics().bars(), List.of(SYMBOL), BARS, 8);
      int expected = BARS - config.model().seqLength();
      assertThat(collector.await(s -> s.size() >= expected, Duration.ofSeconds(120))).isTrue();
      List<ForecastCollector.Seen> seen = collector.snapshot();
      Forecast last = seen.get(seen.size() - 1).forecast();

      // When its model is exported from the changelogs, read_committed, while it runs
      Path zip = tmp.resolve(id + "-model.zip");
      ModelExport.Result r = ModelExport.fromChangelogs(broker.bootstrapServers(),
          config.applicationId(), config.model(), SYMBOL, zip);

      // Then the zip loads with DL4J and forecasts what the instance last published
      assertThat(r.barsSeen()).isEqualTo(BARS);
      assertThat(r.modelVersion()).isEqualTo(last.modelVersion()).isPositive();
      ExportedModel exported = ExportedModel.load(zip);
      double[] forecast = exported.lastForecast();
      assertThat(forecast[0]).isCloseTo(last.modelReturn(),
          within(1e-6 * exported.normaliser().get("targetSd").asDouble()));
      assertThat(forecast[1]).isCloseTo(last.modelSigma(), within(1e-5 * last.modelSigma()));
      assertThat(exported.normaliser().get("lastBarEndMs").asLong()).isEqualTo(last.barEndMs());
      assertThat(service.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }
}
