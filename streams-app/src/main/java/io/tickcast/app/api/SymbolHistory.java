package io.tickcast.app.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickcast.app.metrics.MetricNames;
import io.tickcast.model.ModelException;
import io.tickcast.model.domain.Forecast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded in-memory history per symbol for the live page ({@code GET /api/history/{symbol}}):
 * {@link #sample()} (called every second or so) appends one {@link ApiViews.HistoryPoint} per
 * local symbol whose latest forecast is new, read from the stores through {@link SymbolStateView},
 * and the windowed EWMA-baseline skill from this instance's meters. It is a sample, not every
 * bar: at demo speed several bars close between samples. Each ring keeps the newest {@code
 * capacity} points; the history of a symbol starts afresh on the instance that takes it over.
 *
 * <p>Cost is bounded: a round reads only the latest-forecast store to find the symbols with a new
 * forecast, and decodes the state and model (≈ 60 KB) of at most {@link #MAX_DECODES_PER_ROUND} of
 * them, those sampled longest ago first. During a replay of history, when every symbol has a new
 * bar every second, the points of many symbols are spaced by several rounds instead of taking the
 * stream thread's CPU (the pipeline benchmark's profile: 18–23 % of the samples at 100 symbols when
 * every round decoded every symbol).
 * Thread-safe: one sampling thread, any number of readers.
 */
public final class SymbolHistory {

  private static final Logger LOG = LoggerFactory.getLogger(SymbolHistory.class);

  /** Symbols whose state and model one round may decode. */
  static final int MAX_DECODES_PER_ROUND = 16;

  private final SymbolStateView view;
  private final MeterRegistry registry;
  private final int capacity;
  /**
   * Consecutive rounds a symbol with a ring must be missing from the local stores before its ring
   * is dropped: one round can miss a local symbol (the all-partitions view leaves out a partition
   * that is restoring), and dropping its history then cut the chart.
   */
  static final int FORGET_AFTER_ROUNDS = 3;

  private final Map<String, Deque<ApiViews.HistoryPoint>> rings = new ConcurrentHashMap<>();
  /** Rounds each ringed symbol has been missing in a row; only the sampling thread touches it. */
  private final Map<String, Integer> absentRounds = new HashMap<>();
  /** Symbols whose stored state was reported corrupt (once each); only the sampling thread touches it. */
  private final Set<String> reportedCorrupt = new HashSet<>();

  public SymbolHistory(SymbolStateView view, MeterRegistry registry, int capacity) {
    this.view = view;
    this.registry = registry;
    this.capacity = capacity;
  }

  /** The points of {@code symbol}, oldest first (empty if none were sampled here). */
  public List<ApiViews.HistoryPoint> points(String symbol) {
    Deque<ApiViews.HistoryPoint> ring = rings.get(symbol);
    if (ring == null) {
      return List.of();
    }
    synchronized (ring) {
      return new ArrayList<>(ring);
    }
  }

  /** One round: a point for each due symbol (see {@link #due}); a rebalance skips the round. */
  public void sample() {
    try {
      List<Forecast> local = view.localLatestForecasts();
      forgetMoved(rings, absentRounds, local);
      List<Forecast> due = due(local, this::lastSampledBarEnd, MAX_DECODES_PER_ROUND);
      if (due.isEmpty()) {
        return;
      }
      // One registry scan per round: each find() walks every meter of the registry (thousands
      // with per-symbol gauges), and two per symbol were ~10 % of the process's samples (issue 11).
      Map<String, double[]> mse = baselineMse(registry);
      for (Forecast f : due) {
        try {
          sample(f, mse);
        } catch (StateInFluxException e) {
          // A torn read of one symbol: it stays due and is sampled next round; the others go on.
          LOG.debug("history of {} not sampled this round: {}", f.symbol(), e.getMessage());
        } catch (ModelException e) {
          // A corrupt stored state (the same bytes on every read): said once, the others go on.
          if (reportedCorrupt.add(f.symbol())) {
            LOG.error("history of {} not sampled: its stored state does not decode", f.symbol(), e);
          }
        }
      }
    } catch (InvalidStateStoreException e) {
      // stores are migrating: the next round will see them
    }
  }

  /**
   * Drops the rings of symbols whose stores are no longer local (their task moved to another
   * instance): a symbol that comes back starts afresh, as documented, instead of joining its old
   * points to new ones across the gap, and the rings of departed symbols do not pile up. A ring is
   * dropped once its symbol was missing from {@link #FORGET_AFTER_ROUNDS} rounds in a row, counted
   * in {@code absent} (the caller's, kept between rounds).
   */
  static void forgetMoved(Map<String, ?> rings, Map<String, Integer> absent, List<Forecast> local) {
    Set<String> here = new HashSet<>();
    local.forEach(f -> here.add(f.symbol()));
    absent.keySet().retainAll(rings.keySet());
    absent.keySet().removeAll(here);
    for (String symbol : List.copyOf(rings.keySet())) {
      if (!here.contains(symbol) && absent.merge(symbol, 1, Integer::sum) >= FORGET_AFTER_ROUNDS) {
        rings.remove(symbol);
        absent.remove(symbol);
      }
    }
  }

  /**
   * The forecasts newer than their symbol's last point, those sampled longest ago (by bar end)
   * first, at most {@code budget}. Pure: {@code lastSampled} gives a symbol's last point's bar end,
   * {@code Long.MIN_VALUE} if none.
   */
  static List<Forecast> due(List<Forecast> latest, ToLongFunction<String> lastSampled,
      int budget) {
    return latest.stream()
        .filter(f -> lastSampled.applyAsLong(f.symbol()) < f.barEndMs())
        .sorted(Comparator.comparingLong((Forecast f) -> lastSampled.applyAsLong(f.symbol()))
            .thenComparing(Forecast::symbol))
        .limit(budget)
        .toList();
  }

  private long lastSampledBarEnd(String symbol) {
    Deque<ApiViews.HistoryPoint> ring = rings.get(symbol);
    if (ring == null) {
      return Long.MIN_VALUE;
    }
    synchronized (ring) {
      return ring.isEmpty() ? Long.MIN_VALUE : ring.peekLast().t();
    }
  }

  private void sample(Forecast f, Map<String, double[]> mse) {
    String symbol = f.symbol();
    Deque<ApiViews.HistoryPoint> ring = rings.computeIfAbsent(symbol, k -> new ArrayDeque<>());
    Optional<ApiViews.ModelView> model = view.model(symbol);
    if (model.isEmpty()) {
      return;
    }
    ApiViews.ModelView m = model.get();
    ApiViews.HistoryPoint point = new ApiViews.HistoryPoint(f.barEndMs(), f.lastPrice(), f.predictedPrice(),
        f.lastPrice() * Math.exp(f.modelReturn()),
        f.lastPrice() * Math.exp(f.predictedReturn() - f.sigma()),
        f.lastPrice() * Math.exp(f.predictedReturn() + f.sigma()),
        f.source().name().toLowerCase(Locale.ROOT), m.skill(), ewmaSkill(mse.get(symbol)),
        m.lastLoss(),
        m.noiseScale(), m.batchSize(), m.drifts(), m.updates());
    synchronized (ring) {
      ring.addLast(point);
      while (ring.size() > capacity) {
        ring.removeFirst();
      }
    }
  }

  /**
   * This instance's windowed MSE gauges of the EWMA baseline and the naive forecast per symbol,
   * {@code {ewma, naive}} (NaN where a gauge is absent).
   */
  static Map<String, double[]> baselineMse(MeterRegistry registry) {
    Map<String, double[]> bySymbol = new HashMap<>();
    for (Gauge g : registry.find(MetricNames.EVAL_MSE.meterName()).gauges()) {
      String symbol = g.getId().getTag("symbol");
      String predictor = g.getId().getTag("predictor");
      int slot = "ewma".equals(predictor) ? 0 : "naive".equals(predictor) ? 1 : -1;
      if (symbol != null && slot >= 0) {
        bySymbol.computeIfAbsent(symbol, k -> new double[] {Double.NaN, Double.NaN})[slot] =
            g.value();
      }
    }
    return bySymbol;
  }

  /** {@code 1 - MSE_ewma / MSE_naive} from this instance's windowed gauges, NaN if absent. */
  static double ewmaSkill(double[] mse) {
    if (mse == null) {
      return Double.NaN;
    }
    double ewma = mse[0];
    double naive = mse[1];
    return naive > 0 ? 1 - ewma / naive : Double.NaN;
  }
}
