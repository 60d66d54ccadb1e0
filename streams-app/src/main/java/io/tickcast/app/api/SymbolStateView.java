package io.tickcast.app.api;

import io.tickcast.app.serde.SymbolRules;
import io.tickcast.app.topology.ForecastTopology;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.persistence.StateCodec;
import io.tickcast.model.pipeline.PipelineState;
import io.tickcast.model.pipeline.StateStore;
import io.tickcast.model.training.TrainerSnapshot;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of the per-symbol state stores, mapped to the API's views. It is the only
 * class of the API that knows the store names and value layouts (the forecaster's state and model
 * bytes, the latest forecast), so a change of the stores is remapped here and nowhere else.
 *
 * <p>Reads only the local active stores; the caller routes a symbol to its owner first. Throws
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while the stores migrate
 * (rebalance), and {@link StateInFluxException} when a symbol's state kept changing while read
 * (a torn read, retried first). Thread-safe (Kafka Streams' read-only stores are).
 */
public final class SymbolStateView {

  private static final Logger LOG = LoggerFactory.getLogger(SymbolStateView.class);

  /** Reads of a symbol's state before a torn read is given up on (see {@link #decode}). */
  static final int READ_ATTEMPTS = 3;

  /** Where the view finds a store: {@link KafkaStreams#store} in production, maps in tests. */
  interface Stores {
    <T> T store(StoreQueryParameters<T> query);
  }

  private final Stores stores;
  private final ForecasterConfig config;
  /** The one partition this view reads, or {@code null} for all local active partitions. */
  private final Integer partition;

  public SymbolStateView(KafkaStreams streams, ForecasterConfig config) {
    this(streams::store, config, null);
  }

  /** A view over {@code stores} (tests: stores whose records change between reads). */
  SymbolStateView(Stores stores, ForecasterConfig config) {
    this(stores, config, null);
  }

  private SymbolStateView(Stores stores, ForecasterConfig config, Integer partition) {
    this.stores = stores;
    this.config = config;
    this.partition = partition;
  }

  /**
   * A view of one partition's stores only. A per-symbol lookup must use it: the all-partitions
   * view silently leaves out a partition whose task is still restoring, so a known symbol would
   * look unknown (404); bound to the partition, such a read throws
   * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} instead (503).
   */
  public SymbolStateView onPartition(int p) {
    return new SymbolStateView(stores, config, p);
  }

  /** The store whose partitioning decides which instance owns a symbol. */
  public static String routingStore() {
    return ForecastTopology.LATEST_FORECAST_STORE;
  }

  /** The latest forecast published for {@code symbol}, if this instance owns and has one. */
  public Optional<Forecast> latestForecast(String symbol) {
    return Optional.ofNullable(forecasts().get(symbol));
  }

  /** The latest forecast of every symbol whose stores are local (no state is decoded). */
  public List<Forecast> localLatestForecasts() {
    List<Forecast> out = new ArrayList<>();
    try (KeyValueIterator<String, Forecast> it = forecasts().all()) {
      while (it.hasNext()) {
        out.add(it.next().value);
      }
    }
    return out;
  }

  /** Summary of a local symbol. */
  public Optional<ApiViews.SymbolSummary> summary(String symbol) {
    byte[] state = bytes(ForecastTopology.SEQUENCE_STORE).get(symbol);
    Forecast f = forecasts().get(symbol);
    if (state == null && f == null) {
      return Optional.empty();
    }
    PipelineState s = state == null ? null : decode(state, symbol);
    return Optional.of(new ApiViews.SymbolSummary(symbol, f == null ? 0 : f.modelVersion(),
        s == null ? 0 : s.features().barsSeen(), s == null ? Double.NaN : s.scorer().evaluator().skill(),
        s == null ? 0 : s.scorer().evaluator().scored(),
        f == null ? "none" : f.source().name().toLowerCase(Locale.ROOT), f == null ? -1 : f.barEndMs()));
  }

  /** Summaries of every symbol whose stores are local to this instance. */
  public List<ApiViews.SymbolSummary> localSummaries() {
    List<ApiViews.SymbolSummary> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = bytes(ForecastTopology.SEQUENCE_STORE).all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (SymbolRules.isSymbolKey(kv.key)) {
          try {
            summary(kv.key).ifPresent(out::add);
          } catch (StateInFluxException e) {
            // Written while read: left out of this answer, the next poll lists it again.
            LOG.debug("{}", e.getMessage());
          } catch (ModelException e) {
            // Corrupt (unchanged on every read): left out loudly; GET /api/symbols/{symbol} answers 500.
            LOG.error("symbol '{}' left out of the summaries: its stored state does not decode: {}", kv.key,
                e.getMessage());
          }
        }
      }
    }
    return out;
  }

  /** The model of a local symbol: hyper-parameters and training state. */
  public Optional<ApiViews.ModelView> model(String symbol) {
    byte[] state = bytes(ForecastTopology.SEQUENCE_STORE).get(symbol);
    if (state == null) {
      return Optional.empty();
    }
    PipelineState s = decode(state, symbol);
    byte[] modelBytes = bytes(ForecastTopology.MODEL_STORE).get(symbol);
    long updates = 0;
    long examples = 0;
    long skipped = 0;
    long rollbacks = 0;
    double loss = Double.NaN;
    double noise = Double.NaN;
    if (modelBytes != null) {
      ModelCodec.Decoded m = ModelCodec.decode(modelBytes, config);
      TrainerSnapshot t = m.snapshot();
      updates = t.modelVersion();
      examples = t.trainedExamples();
      skipped = t.skippedSteps();
      rollbacks = m.guard().rollbacks();
      loss = m.guard().lossEma();
      noise = t.emaGradSquared() > 0 ? t.emaTraceSigma() / t.emaGradSquared() : Double.NaN;
    }
    return Optional.of(new ApiViews.ModelView(symbol, hyperParameters(config), updates, examples, skipped,
        rollbacks, loss, noise, s.policy().batch(), s.drift().drifts(), s.features().barsSeen(),
        s.scorer().evaluator().skill()));
  }

  /** The record components of the model config (nested records as maps), by name. */
  static Map<String, Object> hyperParameters(Record r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(r);
        out.put(c.getName(), v instanceof Record nested ? hyperParameters(nested) : v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
      }
    }
    return out;
  }

  /** Decodes a main state record, reading its sequence rows from the same store. */
  private PipelineState decode(byte[] state, String symbol) {
    ReadOnlyKeyValueStore<String, byte[]> store = bytes(ForecastTopology.SEQUENCE_STORE);
    return decode(store::get, state, symbol, config);
  }

  /**
   * Decodes the main record {@code state} of {@code symbol} with its rows from {@code store}
   * (store keys). The stream thread writes the main record and the rows one by one while this
   * reads them, so a decode that fails re-reads the main record and tries again, up to {@link
   * #READ_ATTEMPTS} times, a millisecond or two apart. A main record that stayed the same through
   * every failed attempt is corrupt, not in flux: its error is rethrown (500 + ERROR to the caller).
   *
   * @throws StateInFluxException if every attempt failed and the main record changed between
   *     attempts (or was deleted meanwhile)
   * @throws ModelException if every attempt failed on the same main record bytes (corrupt state)
   * @throws InvalidStateStoreException if the store migrated away mid-decode (rebalance)
   */
  static PipelineState decode(Function<String, byte[]> store, byte[] state, String symbol,
      ForecasterConfig config) {
    StateStore rows = new StateStore() {
      @Override
      public byte[] get(String part) {
        return store.apply(part.isEmpty() ? symbol : symbol + SymbolRules.ROW_MARK + part);
      }

      @Override
      public void put(String part, byte[] value) {
        throw new UnsupportedOperationException("the query view is read-only");
      }
    };
    byte[] bytes = state;
    boolean changed = false;
    for (int attempt = 1; ; attempt++) {
      try {
        return StateCodec.decode(bytes, symbol, config, rows);
      } catch (ModelException e) {
        // The codec wraps what the row reads throw; a store that migrated away mid-decode is a
        // rebalance (503 to the caller), not a torn read.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
          if (c instanceof InvalidStateStoreException migrating) {
            throw migrating;
          }
        }
        if (attempt == READ_ATTEMPTS && !changed) {
          throw e;
        }
        byte[] previous = bytes;
        bytes = attempt < READ_ATTEMPTS ? store.apply(symbol) : null;
        if (bytes == null) {
          throw new StateInFluxException(symbol, attempt, e);
        }
        changed |= !Arrays.equals(previous, bytes);
        LockSupport.parkNanos(attempt * 1_000_000L);
      }
    }
  }

  private ReadOnlyKeyValueStore<String, Forecast> forecasts() {
    return stores.store(bound(StoreQueryParameters.fromNameAndType(ForecastTopology.LATEST_FORECAST_STORE,
        QueryableStoreTypes.<String, Forecast>keyValueStore())));
  }

  private ReadOnlyKeyValueStore<String, byte[]> bytes(String store) {
    return stores.store(bound(StoreQueryParameters.fromNameAndType(store,
        QueryableStoreTypes.<String, byte[]>keyValueStore())));
  }

  private <T> StoreQueryParameters<T> bound(StoreQueryParameters<T> q) {
    return partition == null ? q : q.withPartition(partition);
  }
}
