package io.tickcast.app.it.support;

import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Bar;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes random-walk one-minute bars straight to a bars topic (skipping the windowing). */
public final class BarFeed {

  private BarFeed() {}

  /** {@code bars} bars per symbol from {@link TickScript#T0}, prices from {@code seed}. */
  public static void write(String bootstrap, String topic, List<String> symbols, int bars,
      long seed) {
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(TickFeed.producerProps(bootstrap,
        Map.of()), new StringSerializer(), new ByteArraySerializer())) {
      Random rnd = new Random(seed);
      for (String symbol : symbols) {
        double close = 100;
        for (int i = 0; i < bars; i++) {
          double open = close;
          close = open * Math.exp(0.002 * rnd.nextGaussian());
          long start = TickScript.T0 + i * TickScript.BAR_MS;
          p.send(new ProducerRecord<>(topic, symbol, JsonCodecs.barToJson(new Bar(symbol, start,
              start + TickScript.BAR_MS, open, Math.max(open, close) * 1.0005,
              Math.min(open, close) * 0.9995, close, 5, (open + close) / 2, 7))));
        }
      }
    }
  }
}
