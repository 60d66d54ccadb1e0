package io.tickcast.app.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.serde.SymbolRules;
import io.tickcast.app.topology.ForecastTopology;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.LoggerFactory;

/**
 * The stores of one instance as {@link SymbolStateView} reads them, with three symbols: {@link
 * #GOOD}, {@link #CORRUPT} (its main state record cut short: the same bytes on every read) and
 * {@link #CHANGING} (its main record changes on every read while its sequence rows lag it, as when
 * the stream thread writes while the API reads, until {@link #settle()}).
 */
final class StoredStates implements SymbolStateView.Stores {

  static final String GOOD = "A";
  static final String CORRUPT = "B";
  static final String CHANGING = "C";
  static final long MIN = 60_000L;
  static final int BARS = 52;

  final ForecasterConfig config = AppConfigLoader.fromLayers(Map.of("model.seq.length", "8",
      "model.batch.size", "4", "model.hidden.size", "8"), Map.of()).model();
  /** Per symbol, the stored parts after 40, 46 and 52 bars. */
  private final Map<String, List<Map<String, byte[]>>> states = new TreeMap<>();
  private final Map<String, byte[]> models = new HashMap<>();
  private final AtomicInteger changingMainReads = new AtomicInteger();
  private volatile boolean settled;

  StoredStates() {
    for (String symbol : List.of(GOOD, CORRUPT, CHANGING)) {
      SymbolForecaster f = SymbolForecaster.create(symbol, config);
      List<Map<String, byte[]>> versions = new ArrayList<>();
      for (int i = 0; i < BARS; i++) {
        double p = 100 + Math.sin(i / 3.0);
        f.onBar(new Bar(symbol, i * MIN, (i + 1) * MIN, p, p + 0.5, p - 0.5, p + 0.1, 10, p, 5));
        if (i == 39 || i == 45 || i == BARS - 1) {
          versions.add(f.fullState().contents());
        }
      }
      states.put(symbol, versions);
      models.put(symbol, f.modelBytes());
    }
    Map<String, byte[]> corrupt = new HashMap<>(states.get(CORRUPT).get(2));
    byte[] main = corrupt.get(SymbolForecaster.MAIN_KEY);
    corrupt.put(SymbolForecaster.MAIN_KEY, Arrays.copyOf(main, main.length / 2));
    states.get(CORRUPT).set(2, corrupt);
  }

  /** From now on {@link #CHANGING} reads as its newest state, main record and rows alike. */
  void settle() {
    settled = true;
  }

  /** The newest forecast of every symbol, as the latest-forecasts store holds it. */
  static Forecast forecast(String symbol) {
    return new Forecast(symbol, BARS * MIN, 1, 0, 100, 0.01, 100, 1, 16, Forecast.Source.MODEL, 0, 0.01, false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T store(StoreQueryParameters<T> query) {
    return (T) switch (query.storeName()) {
      case ForecastTopology.SEQUENCE_STORE -> new FunctionStore<>(sequenceKeys(), this::sequenceRecord);
      case ForecastTopology.MODEL_STORE -> new FunctionStore<>(List.copyOf(models.keySet()), models::get);
      case ForecastTopology.LATEST_FORECAST_STORE ->
          new FunctionStore<>(List.copyOf(states.keySet()), s -> states.containsKey(s) ? forecast(s) : null);
      default -> throw new InvalidStateStoreException("no store " + query.storeName());
    };
  }

  private List<String> sequenceKeys() {
    List<String> keys = new ArrayList<>();
    states.forEach((symbol, versions) -> versions.get(2).keySet().forEach(part ->
        keys.add(part.isEmpty() ? symbol : symbol + SymbolRules.ROW_MARK + part)));
    keys.sort(null);
    return keys;
  }

  private byte[] sequenceRecord(String key) {
    int mark = key.indexOf(SymbolRules.ROW_MARK);
    String symbol = mark < 0 ? key : key.substring(0, mark);
    String part = mark < 0 ? SymbolForecaster.MAIN_KEY : key.substring(mark + 1);
    List<Map<String, byte[]>> versions = states.get(symbol);
    if (versions == null) {
      return null;
    }
    if (!symbol.equals(CHANGING) || settled) {
      return versions.get(2).get(part);
    }
    // Written while read: the main record alternates between two newer states, the rows are the oldest's
    if (part.equals(SymbolForecaster.MAIN_KEY)) {
      return versions.get(changingMainReads.incrementAndGet() % 2 == 0 ? 2 : 1).get(part);
    }
    return versions.get(0).get(part);
  }

  /** The events logged at {@code level} by {@code type}'s logger while {@code action} ran. */
  static List<String> logged(Class<?> type, Level level, Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger(type);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
    }
    return appender.list.stream().filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** A read-only store whose values come from a function at each read; {@code all()} walks {@code keys}. */
  private record FunctionStore<V>(List<String> keys, Function<String, V> values)
      implements ReadOnlyKeyValueStore<String, V> {

    @Override
    public V get(String key) {
      return values.apply(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
      throw new UnsupportedOperationException("not read by the view");
    }

    @Override
    public KeyValueIterator<String, V> all() {
      return new KeyValueIterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < keys.size();
        }

        @Override
        public KeyValue<String, V> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String key = keys.get(next++);
          return KeyValue.pair(key, values.apply(key));
        }

        @Override
        public String peekNextKey() {
          return hasNext() ? keys.get(next) : null;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public long approximateNumEntries() {
      return keys.size();
    }
  }
}
