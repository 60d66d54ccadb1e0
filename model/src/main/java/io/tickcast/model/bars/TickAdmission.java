package io.tickcast.model.bars;

import io.tickcast.model.domain.Tick;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Which ticks may enter a bar, in memory, for the backtest (and anyone replaying a file): the
 * stream's {@link AdmissionRule} plus the state it needs. A tick whose bar has closed ({@code end
 * + grace <= streamTime}, stream time = the largest accepted tick time so far, as the stream task
 * keeps it) is {@link Verdict#LATE}; one whose dedup fingerprint (the stream's {@code Fingerprints} under the
 * configured {@code tick.dedup} mode, passed in so this class stays free of that config) was
 * already accepted in the same symbol's bar is {@link Verdict#DUPLICATE}. Bars are epoch-aligned
 * tumbling windows of {@code barMs}. The stream's {@code BarBuilderProcessor} applies the same
 * {@link AdmissionRule}; one stream task's stream time spans all its symbols, so a multi-symbol
 * replay behaves as one partition.
 *
 * <p>Event time only (the ticks' {@code tsMs}). Memory is bounded by the ticks of the open
 * windows. Not thread-safe.
 */
public final class TickAdmission {

  /** The fingerprint of a tick that is never a duplicate. */
  public static final long NO_KEY = AdmissionRule.NO_KEY;

  /** The outcome for one tick. */
  public enum Verdict { ACCEPT, LATE, DUPLICATE }

  private final AdmissionRule rule;
  private final ToLongFunction<Tick> fingerprint;
  private long streamTime = AdmissionRule.NO_STREAM_TIME;
  /** Fingerprints of accepted ticks by bar start, then symbol; pruned once the bar has closed. */
  private final TreeMap<Long, Map<String, Set<Long>>> seen = new TreeMap<>();

  /**
   * @param fingerprint a tick's dedup key, {@link #NO_KEY} for a tick that cannot be a duplicate
   *     (e.g. no trade id under {@code tick.dedup=id}); {@code t -> NO_KEY} turns dedup off
   */
  public TickAdmission(long barMs, long graceMs, ToLongFunction<Tick> fingerprint) {
    this.rule = new AdmissionRule(barMs, graceMs);
    this.fingerprint = java.util.Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /** Start of the epoch-aligned bar containing {@code tsMs}. */
  public long windowStart(long tsMs) {
    return rule.windowStart(tsMs);
  }

  /** Decides for {@code tick} and, if accepted, remembers it. */
  public Verdict admit(Tick tick) {
    long start = rule.windowStart(tick.tsMs());
    if (rule.closed(start, streamTime)) {
      return Verdict.LATE;
    }
    long fp = fingerprint.applyAsLong(tick);
    if (fp != NO_KEY) {
      Set<Long> inBar = seen.computeIfAbsent(start, k -> new HashMap<>())
          .computeIfAbsent(tick.symbol(), k -> new HashSet<>());
      if (rule.duplicate(fp, inBar::contains)) {
        return Verdict.DUPLICATE;
      }
      inBar.add(fp);
    }
    if (tick.tsMs() > streamTime) {
      streamTime = AdmissionRule.advance(streamTime, tick.tsMs());
      prune();
    }
    return Verdict.ACCEPT;
  }

  /** Forgets fingerprints of closed windows: any tick in them is late now anyway. */
  private void prune() {
    while (!seen.isEmpty() && rule.closed(seen.firstKey(), streamTime)) {
      seen.pollFirstEntry();
    }
  }

  /** Largest accepted tick time so far (event time), or {@code Long.MIN_VALUE}. */
  public long streamTime() {
    return streamTime;
  }

  /** True when the bar ending at {@code windowEnd} has closed at the current stream time. */
  public boolean closed(long windowEnd) {
    return rule.closed(windowEnd - rule.barMs(), streamTime);
  }
}
