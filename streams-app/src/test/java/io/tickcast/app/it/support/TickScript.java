package io.tickcast.app.it.support;

import io.tickcast.app.fixtures.Ticks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * A deterministic tick stream: {@code minutes} one-minute bars per symbol, {@code ticksPerBar}
 * ticks in each (at {@code k * 60/ticksPerBar} s plus a seeded jitter of up to 5 s, so a bar of
 * minute {@code m} closes once minute {@code m + 1} is under way with 5 s grace), prices a seeded
 * geometric random walk. Every minute interleaves all symbols, so stream time advances on every
 * partition together.
 */
public final class TickScript {

  /** Event time of the first bar's start. */
  public static final long T0 = Instant.parse("2024-01-02T09:00:00Z").toEpochMilli();
  public static final long BAR_MS = 60_000L;

  private final List<String> symbols;
  private final int minutes;
  private final List<List<ProducerRecord<String, byte[]>>> byMinute = new ArrayList<>();

  public TickScript(String topic, List<String> symbols, int minutes, int ticksPerBar, long seed) {
    this.symbols = List.copyOf(symbols);
    this.minutes = minutes;
    Random rnd = new Random(seed);
    Map<String, Double> price = new LinkedHashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      price.put(symbols.get(i), 50.0 + 25 * i);
    }
    long step = BAR_MS / ticksPerBar;
    for (int m = 0; m < minutes; m++) {
      List<ProducerRecord<String, byte[]>> minute = new ArrayList<>();
      for (int k = 0; k < ticksPerBar; k++) {
        for (String s : symbols) {
          double next = price.get(s) * Math.exp(0.002 * rnd.nextGaussian());
          price.put(s, next);
          long ts = T0 + m * BAR_MS + k * step + rnd.nextInt(5_000);
          double size = 0.1 + Math.round(rnd.nextDouble() * 1000) / 1000.0;
          // Every trade carries its id, so a re-sent record is a duplicate under tick.dedup=id.
          String tradeId = s + "-" + m + "-" + k;
          minute.add(new ProducerRecord<>(topic, s, Ticks.json(s, ts, next, size, tradeId)));
        }
      }
      byMinute.add(List.copyOf(minute));
    }
  }

  public List<String> symbols() {
    return symbols;
  }

  public int minutes() {
    return minutes;
  }

  /** The tick records of minute {@code m}, in send order. */
  public List<ProducerRecord<String, byte[]>> minute(int m) {
    return byMinute.get(m);
  }

  /**
   * Bar ends expected on {@code bars}: every minute but the last, whose window is still open when
   * the stream ends.
   */
  public TreeSet<Long> expectedBarEnds() {
    TreeSet<Long> ends = new TreeSet<>();
    for (int m = 0; m < minutes - 1; m++) {
      ends.add(T0 + (m + 1) * BAR_MS);
    }
    return ends;
  }

  /** Bar ends expected on {@code forecasts}: the bars but the first {@code seq}. */
  public TreeSet<Long> expectedForecastBarEnds(int seq) {
    TreeSet<Long> ends = new TreeSet<>();
    for (int m = seq; m < minutes - 1; m++) {
      ends.add(T0 + (m + 1) * BAR_MS);
    }
    return ends;
  }

  /**
   * The first {@code count} names {@code prefix0, prefix1, ...} that land on distinct partitions of
   * the default partitioner (murmur2 of the UTF-8 key), so the symbols cover
   * {@code min(count, partitions)} partitions.
   */
  public static List<String> symbolsOnDistinctPartitions(String prefix, int count, int partitions) {
    List<String> out = new ArrayList<>();
    boolean[] used = new boolean[partitions];
    for (int i = 0; out.size() < count && i < 10_000; i++) {
      String s = prefix + i;
      int p = partition(s, partitions);
      if (!used[p] || out.size() >= partitions) {
        used[p] = true;
        out.add(s);
      }
    }
    return out;
  }

  /** The default partitioner's partition of a String key. */
  public static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
