package io.tickcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.ExpertPanel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tagged-meter bookkeeping behind {@link TickcastMetrics}: registers counters and gauges of
 * {@link MetricNames} entries on first use, bounds the {@code symbol} tag to {@code maxSymbols}
 * distinct values, pre-registers a new symbol's meters and removes a symbol's gauges again, or
 * all its meters and its slot among the {@code maxSymbols} when its task leaves this instance.
 *
 * <p>Gauges hold the bits of a {@code double} in an {@link AtomicLong} (NaN until first set).
 * Thread-safe: stream threads, the HTTP scrape and the status printer use it concurrently.
 */
final class SymbolMeters {

  /** Tag value shared by symbols beyond the configured maximum. */
  static final String OTHER_SYMBOL = "_other";

  private final int maxSymbols;
  private final Set<String> knownSymbols = ConcurrentHashMap.newKeySet();
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Key, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final Map<Key, Meter.Id> gaugeIds = new ConcurrentHashMap<>();

  /**
   * A meter's identity in the maps above. A record of the definition and the tags, not a string
   * of them: meters are looked up about 30 times per bar on the stream thread, and rendering
   * {@code Tags.toString()} for every lookup was a few % of its time (pipe4's profile).
   */
  private record Key(MetricNames def, Tags tags) {}
  private volatile MeterRegistry registry;

  SymbolMeters(int maxSymbols) {
    if (maxSymbols < 1) {
      throw new IllegalArgumentException("maxSymbols must be >= 1");
    }
    this.maxSymbols = maxSymbols;
  }

  void bindTo(MeterRegistry r) {
    this.registry = Objects.requireNonNull(r, "registry");
  }

  /** The tag value for a symbol, bounded to {@code maxSymbols} distinct values. */
  String symbolTag(String symbol) {
    if (knownSymbols.contains(symbol)) {
      return symbol;
    }
    synchronized (knownSymbols) {
      if (knownSymbols.contains(symbol)) {
        return symbol;
      }
      if (knownSymbols.size() < maxSymbols) {
        knownSymbols.add(symbol);
        registerSymbolMeters(symbol);
        return symbol;
      }
    }
    return OTHER_SYMBOL;
  }

  /**
   * Registers a new symbol's event counters at 0, because Prometheus' {@code rate()} and {@code
   * increase()} cannot see the first increment of a series that appears at 1; and a few gauges
   * at NaN, so dashboards and alerts can reference them before their first value.
   */
  private void registerSymbolMeters(String symbol) {
    if (registry == null) {
      return;
    }
    Tags t = Tags.of("symbol", symbol);
    for (MetricNames def : List.of(MetricNames.BARS, MetricNames.BARS_WALL_CLOSED, MetricNames.BARS_CONSUMED,
        MetricNames.BARS_STALE, MetricNames.FORECASTS_FLAGGED, MetricNames.TRAIN_UPDATES,
        MetricNames.TRAIN_SKIPPED, MetricNames.TRAIN_ROLLBACKS, MetricNames.MODEL_RESETS, MetricNames.DRIFTS)) {
      counter(def, t);
    }
    counter(MetricNames.TRAIN_HEAD_REFITS, t.and("outcome", "applied"));
    counter(MetricNames.TRAIN_HEAD_REFITS, t.and("outcome", "refused"));
    gauge(MetricNames.DRIFT_RECOVERY, t);
    for (String expert : ExpertPanel.EXPERTS) {
      gauge(MetricNames.EXPERT_WEIGHT, t.and("expert", expert));
    }
    gauge(MetricNames.PUBLISHED_SKILL, t);
    for (Forecast.Source source : Forecast.Source.values()) {
      counter(MetricNames.FORECASTS, t.and("source", source.name().toLowerCase(Locale.ROOT)));
    }
  }

  Counter counter(MetricNames def, Tags tags) {
    return counters.computeIfAbsent(key(def, tags), k -> Counter.builder(def.meterName())
        .description(def.description())
        .baseUnit(exportedUnit(def))
        .tags(tags)
        .register(registry()));
  }

  AtomicLong gauge(MetricNames def, Tags tags) {
    return gauges.computeIfAbsent(key(def, tags), k -> {
      AtomicLong holder = new AtomicLong(bits(Double.NaN));
      Gauge g = Gauge.builder(def.meterName(), holder, h -> Double.longBitsToDouble(h.get()))
          .description(def.description())
          .baseUnit(exportedUnit(def))
          .tags(tags)
          .strongReference(true)
          .register(registry());
      gaugeIds.put(k, g.getId());
      return holder;
    });
  }

  private void removeSymbolGauges(MeterRegistry r, String symbol) {
    if (r == null) {
      return;
    }
    gaugeIds.entrySet().removeIf(e -> {
      if (!symbol.equals(e.getValue().getTag("symbol"))) {
        return false;
      }
      r.remove(e.getValue());
      gauges.remove(e.getKey());
      return true;
    });
  }

  /** See {@link TickcastMetrics#releaseSymbol}. */
  void releaseSymbol(String symbol) {
    synchronized (knownSymbols) {
      if (!knownSymbols.remove(symbol)) {
        return;
      }
      MeterRegistry r = registry;
      removeSymbolGauges(r, symbol);
      counters.entrySet().removeIf(e -> {
        if (!symbol.equals(symbolOf(e.getKey().tags()))) {
          return false;
        }
        if (r != null) {
          r.remove(e.getValue());
        }
        return true;
      });
    }
  }

  MeterRegistry registry() {
    MeterRegistry r = registry;
    if (r == null) {
      throw new IllegalStateException("TickcastMetrics used before bindTo(registry)");
    }
    return r;
  }

  /** Symbols currently holding their own tag value. */
  List<String> taggedSymbols() {
    return List.copyOf(knownSymbols);
  }

  /**
   * Only physical units are handed to Micrometer, because the Prometheus naming convention appends
   * the base unit to the name: {@code tickcast_ticks_total}, not {@code tickcast_ticks_records_total}.
   * Count-like units (records, bars, updates) stay documentation in the catalogue.
   */
  static String exportedUnit(MetricNames def) {
    return switch (def.baseUnit()) {
      case "seconds", "bytes" -> def.baseUnit();
      default -> null;
    };
  }

  static long bits(double v) {
    return Double.doubleToLongBits(v);
  }

  private static String symbolOf(Tags tags) {
    for (Tag t : tags) {
      if (t.getKey().equals("symbol")) {
        return t.getValue();
      }
    }
    return null;
  }

  private static Key key(MetricNames def, Tags tags) {
    return new Key(def, tags);
  }
}
