package io.tickcast.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.export.ModelExport;
import io.tickcast.app.it.support.BrokerTestBase;
import io.tickcast.app.it.support.ForecastCollector;
import io.tickcast.app.it.support.PipelineConfig;
import io.tickcast.app.it.support.TickFeed;
import io.tickcast.app.it.support.TickScript;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
      try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(TickFeed.producerProps(
          broker.bootstrapServers(), Map.of()), new StringSerializer(), new ByteArraySerializer())) {
        Random rnd = new Random(8);
        double close = 100;
        for (int i = 0; i < BARS; i++) {
          double open = close;
          close = open * Math.exp(0.002 * rnd.nextGaussian());
          long start = TickScript.T0 + i * TickScript.BAR_MS;
          p.send(new ProducerRecord<>(config.topics().bars(), SYMBOL, JsonCodecs.barToJson(new Bar(
              SYMBOL, start, start + TickScript.BAR_MS, open, Math.max(open, close) * 1.0005,
              Math.min(open, close) * 0.9995, close, 5, (open + close) / 2, 7))));
        }
      }
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
      MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), true);
      JsonNode n;
      try (ZipFile z = new ZipFile(zip.toFile())) {
        n = new ObjectMapper().readTree(z.getInputStream(z.getEntry(ModelExport.NORMALISER_ENTRY)));
      }
      int t = n.get("seqLength").asInt();
      float[] x = new float[5 * t];
      for (int c = 0; c < 5; c++) {
        for (int s = 0; s < t; s++) {
          x[c * t + s] = (float) n.get("lastWindow").get(c).get(s).asDouble();
        }
      }
      INDArray out = net.output(Nd4j.create(x, new long[] {1, 5, t}, 'c'), false);
      double clip = n.get("clip").asDouble();
      double mu = Math.max(-clip, Math.min(clip, out.getDouble(0, 0)));
      double ret = n.get("targetMean").asDouble() + n.get("targetSd").asDouble() * mu;
      assertThat(ret).isCloseTo(last.modelReturn(), within(1e-6 * n.get("targetSd").asDouble()));
      assertThat(n.get("lastBarEndMs").asLong()).isEqualTo(last.barEndMs());
      assertThat(service.streams().state().isRunningOrRebalancing()).isTrue();
    }
  }
}
