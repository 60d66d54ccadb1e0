package io.tickcast.app.topology;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of tickcast's topics, each paired with its key and value serde. Serdes are always
 * passed explicitly from here; no default serdes are configured.
 *
 * <p>{@code ticksRaw} and {@code barsRaw} read the same topics as {@code ticks}/{@code bars} but as
 * raw bytes, because validation happens in the topology so that rejects keep their original bytes
 * on the way to the dead-letter topics.
 */
public record Topics(
    Topic<String, byte[]> ticksRaw,
    Topic<String, Tick> ticks,
    Topic<String, byte[]> barsRaw,
    Topic<String, Bar> bars,
    Topic<String, Forecast> forecasts,
    Topic<String, byte[]> ticksDlq,
    Topic<String, byte[]> barsDlq) {

  /** One topic: its name and serdes. */
  public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(keySerde, "keySerde");
      Objects.requireNonNull(valueSerde, "valueSerde");
    }
  }

  /** The catalogue for the configured names. */
  public static Topics of(AppConfig.TopicNames names) {
    Serde<String> key = Serdes.String();
    return new Topics(
        new Topic<>(names.ticks(), key, Serdes.ByteArray()),
        new Topic<>(names.ticks(), key, AppSerdes.tick()),
        new Topic<>(names.bars(), key, Serdes.ByteArray()),
        new Topic<>(names.bars(), key, AppSerdes.bar()),
        new Topic<>(names.forecasts(), key, AppSerdes.forecast()),
        new Topic<>(names.ticksDlq(), key, Serdes.ByteArray()),
        new Topic<>(names.barsDlq(), key, Serdes.ByteArray()));
  }

  /** Distinct topic names, for creation at start. */
  public List<String> names() {
    return List.of(ticks.name(), bars.name(), forecasts.name(), ticksDlq.name(), barsDlq.name());
  }
}
