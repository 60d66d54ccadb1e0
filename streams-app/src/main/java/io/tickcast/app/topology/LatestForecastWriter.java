package io.tickcast.app.topology;

import io.tickcast.model.domain.Forecast;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest forecast per symbol in {@link ForecastTopology#LATEST_FORECAST_STORE} for the
 * read-only REST queries; forwards nothing. A processor rather than {@code KStream#toTable}
 * because the bar builder is a key-changing {@code process()} upstream, and {@code toTable}
 * would then insert a repartition topic (and a second sub-topology) although the key is still
 * the symbol. Owned by one stream task; not thread-safe.
 */
final class LatestForecastWriter implements FixedKeyProcessor<String, Forecast, Void> {

  private KeyValueStore<String, Forecast> store;

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    store = context.getStateStore(ForecastTopology.LATEST_FORECAST_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, Forecast> record) {
    if (record.key() != null && record.value() != null) {
      store.put(record.key(), record.value());
    }
  }
}
