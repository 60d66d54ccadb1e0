package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.DedupMode;
import io.tickcast.app.serde.RejectReason;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.bars.AdmissionRule;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw tick records into final OHLCV bars in one step: parse and validate, dead-letter late
 * and duplicate ticks, fold the rest into their symbol's open bar, and emit each bar once, when it
 * is final. It replaces the DSL chain validator (stream-time and dedup stores) → windowed
 * aggregate (window store) → suppress (buffer), with the same semantics. Which ticks enter a bar
 * is the shared {@link AdmissionRule}, which the backtest applies too:
 *
 * <ul>
 *   <li>Bars are event-time tumbling windows {@code [start, start + size)} aligned to the epoch.
 *   <li>Stream time is the largest event time of an accepted tick on this task (partition).
 *   <li>A bar is final, and emitted, once stream time reaches {@code end + grace}; a tick whose bar
 *       already reached that point is dead-lettered as {@code late}.
 *   <li>A tick whose fingerprint ({@link Fingerprints}, per {@code tick.dedup}) was already folded
 *       into its bar is dead-lettered as {@code duplicate}.
 *   <li>Bars due at the same time are emitted in (end, symbol) order, at most {@link
 *       #MAX_BARS_PER_CALL} per input record or 20 ms punctuation (the rest wait, closed, in the
 *       store).
 * </ul>
 *
 * <p>All state lives in one changelogged, cached key-value store ({@link
 * ForecastTopology#BAR_BUILDER_STORE}): per symbol its {@link OpenBars}, and under the empty key
 * (never a symbol: symbols are not blank) the task's {@link BarClock}. Under exactly-once it
 * commits with the emitted bars, so a crash replays into the same state. The processor works on
 * the decoded content ({@link StoreMemo}, loaded whole on every {@code init}) and writes the
 * symbols it changed once per commit, right before it ({@link WriteBehindStore}), instead of
 * encoding and putting a symbol's value on every tick.
 *
 * <p>Wall-clock close ({@code bar.idle.timeout}): see {@link WallClockClose}.
 *
 * <p>Threading: one instance per task, called only by the task's stream thread.
 */
final class BarBuilderProcessor implements Processor<String, byte[], String, Parsed<Bar>> {

  private static final Logger LOG = LoggerFactory.getLogger(BarBuilderProcessor.class);

  /**
   * At most this many bars are emitted per input record or punctuation. Every emitted bar is
   * forecast within the same call (the forecaster takes it directly), so this bounds the work
   * between two commits: all bars of a partition close at once, and forecasting thousands in one
   * call would outlast the transaction timeout (10 s under exactly-once).
   */
  static final int MAX_BARS_PER_CALL = 64;
  private static final Duration DRAIN_INTERVAL = Duration.ofMillis(20);

  /** A closed bar waiting to be emitted; orders by (end, symbol). */
  private record Pending(long endMs, String symbol) implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      int c = Long.compare(endMs, o.endMs);
      return c != 0 ? c : symbol.compareTo(o.symbol);
    }
  }

  /** Builds a closed bar from its slot; production uses {@link #FROM_SLOT}, tests may fail it. */
  @FunctionalInterface
  interface BarFactory {
    Bar build(OpenBars.Slot slot, String symbol, long endMs);
  }

  static final BarFactory FROM_SLOT = (s, symbol, endMs) -> s.acc.toBar(symbol, s.startMs, endMs);

  private final TickParser parser;
  private final BarFactory barFactory;
  private final TickcastMetrics metrics;
  private final LongSupplier wallClockMs;
  private final String dlqTopic;
  private final String ticksTopic;
  private final long barMs;
  private final long graceMs;
  private final AdmissionRule rule;
  private final DedupMode dedup;
  private final WallClockClose wallClose;
  private StoreMemo memo;
  /** Closed bars not yet emitted, in emission order; mirrors the CLOSED slots in the store. */
  private final TreeSet<Pending> pending = new TreeSet<>();
  private ProcessorContext<String, Parsed<Bar>> context;
  private KeyValueStore<String, byte[]> store;
  /** Wall time of the last accepted tick; in memory only (a restarted task starts its idle wait anew). */
  private long lastTickWallMs;
  /** Wall time of the last wall-clock punctuation (or of init), to notice a blocked thread. */
  private long lastPunctuationWallMs;

  BarBuilderProcessor(TickParser parser, TopologyDeps deps) {
    this(parser, deps, FROM_SLOT);
  }

  BarBuilderProcessor(TickParser parser, TopologyDeps deps, BarFactory barFactory) {
    this.parser = parser;
    this.barFactory = barFactory;
    this.metrics = deps.metrics();
    this.wallClockMs = deps.wallClockMs();
    this.dlqTopic = deps.topics().ticksDlq().name();
    this.ticksTopic = deps.topics().ticks().name();
    this.barMs = deps.barSize().toMillis();
    this.graceMs = deps.barGrace().toMillis();
    this.rule = new AdmissionRule(barMs, graceMs);
    this.dedup = deps.dedupTicks();
    this.wallClose = new WallClockClose(deps.barIdleTimeout().toMillis(), barMs + graceMs);
  }

  @Override
  public void init(ProcessorContext<String, Parsed<Bar>> context) {
    this.context = context;
    this.store = context.getStateStore(ForecastTopology.BAR_BUILDER_STORE);
    WriteBehindStore writeBehind = WriteBehindStore.find(store);
    memo = new StoreMemo(writeBehind != null);
    if (writeBehind != null) {
      writeBehind.writer(memo);
    }
    reload();
    lastTickWallMs = context.currentSystemTimeMs();
    lastPunctuationWallMs = lastTickWallMs;
    if (wallClose.enabled()) {
      context.schedule(wallClose.interval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }
    context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> {
      if (!memo.loaded()) {
        reload();
      }
      if (!pending.isEmpty()) {
        emitPending();
      }
    });
  }

  /** (Re)loads the memo from the store and the queue of closed bars from the memo. */
  private void reload() {
    if (!memo.load(store)) {
      LOG.info("bar builder of task {} starts with no open bars", context.taskId());
    }
    pending.clear();
    for (Map.Entry<String, OpenBars> e : memo.all().entrySet()) {
      for (OpenBars.Slot s : e.getValue().slots()) {
        if (s.closed()) {
          pending.add(new Pending(s.startMs + barMs, e.getKey()));
        }
      }
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!memo.loaded()) {
      reload();
    }
    if (!pending.isEmpty()) {
      emitPending();
    }
    metrics.tickReceived();
    TickParser.Result r = parser.parse(record.key(), record.value(), wallClockMs.getAsLong());
    if (!r.isValid()) {
      reject(record, r.reason(), r.detail());
      return;
    }
    Tick tick = r.tick();
    BarClock clock = memo.clock();
    long start = rule.windowStart(tick.tsMs());
    if (rule.closed(start, clock.streamTime())) {
      reject(record, RejectReason.LATE, "bar of ts " + tick.tsMs() + " closed (stream time "
          + clock.streamTime() + ", grace " + graceMs + " ms)");
      return;
    }
    OpenBars bars = memo.bars(tick.symbol());
    long fp = Fingerprints.of(dedup, tick);
    OpenBars.Slot slot = bars.slot(start);
    if (rule.duplicate(fp, slot::seen)) {
      reject(record, RejectReason.DUPLICATE, dedup == DedupMode.ID
          ? "trade id " + tick.id() + " already seen in its bar"
          : "same symbol, ts, price and size as an earlier tick of its bar");
      return;
    }
    if (fp != Fingerprints.NONE) {
      slot.remember(fp);
    }
    slot.acc.add(tick);
    memo.putBars(tick.symbol(), bars);
    long now = context.currentSystemTimeMs();
    lastTickWallMs = now;
    BarClock next = clock.accepted(tick.tsMs(), rule.closeAt(start), now);
    if (!next.equals(clock)) {
      memo.putClock(next);
    }
    metrics.tickAccepted();
    if (next.streamTime() >= next.nextCloseAt()) {
      closeDue(next.streamTime(), false);
    }
  }

  /** Wall-clock punctuation: closes due bars of a quiet, live partition (see WallClockClose). */
  private void onWallClock(long nowMs) {
    long sincePrevious = nowMs - lastPunctuationWallMs;
    lastPunctuationWallMs = nowMs;
    if (wallClose.threadWasBlocked(sincePrevious)) {
      // Input may be waiting unread behind the stall: restart the idle wait instead.
      lastTickWallMs = Math.max(lastTickWallMs, nowMs);
      return;
    }
    if (!memo.loaded()) {
      reload();
    }
    BarClock clock = memo.clock();
    if (!wallClose.shouldClose(clock, lastTickWallMs, nowMs)) {
      return;
    }
    memo.putClock(clock.advancedByWallClock(nowMs));
    closeDue(nowMs, true);
  }

  /**
   * Closes every open bar with {@code end + grace <= boundary} (it becomes final and late ticks are
   * refused), queues it for emission in (end, symbol) order, recomputes the next close time and
   * emits the first {@link #MAX_BARS_PER_CALL}. One scan of the store per bar period, not per tick.
   */
  private void closeDue(long boundary, boolean byWallClock) {
    List<String> changed = new ArrayList<>();
    long nextCloseAt = Long.MAX_VALUE;
    for (Map.Entry<String, OpenBars> e : memo.all().entrySet()) {
      OpenBars bars = e.getValue();
      boolean closedAny = false;
      for (OpenBars.Slot s : bars.slots()) {
        if (!s.closed() && rule.closed(s.startMs, boundary)) {
          s.close(byWallClock);
          pending.add(new Pending(s.startMs + barMs, e.getKey()));
          closedAny = true;
        }
      }
      long open = bars.firstOpenStart();
      if (open != Long.MAX_VALUE) {
        nextCloseAt = Math.min(nextCloseAt, rule.closeAt(open));
      }
      if (closedAny) {
        changed.add(e.getKey());
      }
    }
    for (String symbol : changed) {
      memo.putBars(symbol, memo.bars(symbol));
    }
    memo.putClock(memo.clock().withNextCloseAt(nextCloseAt));
    emitPending();
  }

  /**
   * Emits (and forgets) up to {@link #MAX_BARS_PER_CALL} closed bars, oldest first. A bar that
   * cannot be built is dropped (see {@link UnbuildableBars}): kept, it would be retried on every
   * call and wedge the partition for good.
   */
  private void emitPending() {
    for (int n = 0; n < MAX_BARS_PER_CALL && !pending.isEmpty(); n++) {
      Pending p = pending.pollFirst();
      OpenBars bars = memo.bars(p.symbol());
      OpenBars.Slot s = bars.slots().remove(0);
      if (bars.isEmpty()) {
        memo.delete(p.symbol());
      } else {
        memo.putBars(p.symbol(), bars);
      }
      boolean byWallClock = (s.flags & OpenBars.WALL_CLOCK) != 0;
      Bar bar;
      try {
        bar = barFactory.build(s, p.symbol(), p.endMs()).withWallClockClosed(byWallClock);
      } catch (RuntimeException e) {
        context.forward(UnbuildableBars.deadLetter(p.symbol(), s, p.endMs(), e, ticksTopic,
            context.taskId().partition(), dlqTopic, metrics));
        continue;
      }
      context.forward(new Record<>(bar.symbol(), Parsed.ok(bar, null), bar.endMs() - 1,
          BarHeaders.ownBar(ticksTopic)));
      metrics.barEmitted(bar.symbol());
      if (byWallClock) {
        metrics.barWallClockClosed(bar.symbol());
      }
    }
  }

  private void reject(Record<String, byte[]> record, RejectReason reason, String detail) {
    context.forward(record
        .withValue(Parsed.<Bar>rejected(reason.code(), record.value()))
        .withHeaders(TickRejects.reject(context.recordMetadata(), record.headers(), metrics,
            dlqTopic, reason.code(), detail)));
  }
}
