package io.tickcast.bench.pipeline;

import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Live mode of {@link PipelineBench}: tickcast in a child JVM, ticks paced at {@code --rate} per
 * second over {@code --symbols} symbols with event time = now, for {@code --seconds}; then the feed
 * stops. A read-committed consumer notes when each bar and forecast becomes visible (the wall clock
 * when the poll that returned it came back, so two records of one poll are visible at the same
 * moment) and reports bar → forecast latency quantiles, how many forecasts came in a later poll
 * than their bar, bar end → forecast quantiles, and whether every symbol's last bar (closed on the
 * wall clock) was forecast within grace + {@code bar.idle.timeout}. Each record's poll, partition
 * and offset go to {@code <app id>.seen.tsv}, to compare with the broker's log ({@link
 * TxnMarkers}).
 *
 * <p>A bar and its forecast are in one transaction, but the broker appends the transaction's
 * COMMIT markers partition by partition; a fetch served between the {@code bars} and the {@code
 * forecasts} partition's marker sees one without the other. On a CPU-starved machine that window
 * has reached 0.5 s (see README, "Live").
 *
 * <p>Defaults suited to a short run: 5 s bars, 1 s grace, 3 s idle timeout, sequence length 8
 * (override with {@code --set key=value}).
 */
final class LiveBench {

  private LiveBench() {}

  /**
   * Runs each tickcast kind of {@code --runs} ({@code tickcast[@key=value...]} or {@code
   * <label>:tickcast} on the class path of {@code -Dbench.cp.<label>}; other kinds have no live
   * variant and are skipped) {@code --repeat} times, the order reversed every other repetition,
   * so an A/B of two builds shares the machine's load.
   */
  static void run(String bootstrap, Map<String, String> a, List<String> sets, Path work) throws Exception {
    List<String> kinds = new ArrayList<>();
    for (String kind : a.get("runs").split(",")) {
      if (kind.substring(kind.indexOf(':') + 1).startsWith("tickcast")) {
        kinds.add(kind);
      }
    }
    for (int rep = 1; rep <= Integer.parseInt(a.get("repeat")); rep++) {
      for (String kind : BenchSupport.interleaved(kinds, rep)) {
        runOne(bootstrap, a, sets, work, kind, BenchSupport.RunKind.parse(kind));
      }
    }
  }

  private static void runOne(String bootstrap, Map<String, String> a, List<String> sets, Path work,
      String kind, BenchSupport.RunKind run) throws Exception {
    int rate = Integer.parseInt(a.getOrDefault("rate", "10000"));
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "90"));
    int symbols = Integer.parseInt(a.get("symbols").split(",")[0]);
    Map<String, String> cfg = new HashMap<>(Map.of("bar.size", "5s", "bar.grace", "1s",
        "bar.idle.timeout", "3s", "model.seq.length", "8"));
    sets.forEach(kv -> cfg.put(kv.split("=", 2)[0], kv.split("=", 2)[1]));
    long barMs = io.tickcast.app.config.AppConfigLoader.parseDuration(cfg.get("bar.size")).toMillis();
    long graceMs = io.tickcast.app.config.AppConfigLoader.parseDuration(cfg.get("bar.grace")).toMillis();
    long idleMs = io.tickcast.app.config.AppConfigLoader.parseDuration(cfg.get("bar.idle.timeout")).toMillis();
    String appId = "bench-live-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String ticks = appId + ".in";
    BenchSupport.createTopic(bootstrap, ticks, 3);
    long total = (long) rate * seconds;
    List<String> args = new ArrayList<>(List.of(run.kind(), bootstrap, ticks,
        appId, a.get("guarantee"), Long.toString(total), "bench.linger.ms=" + (graceMs + idleMs + 5_000)));
    cfg.forEach((k, v) -> args.add(k + "=" + v));
    CompletableFuture<Map<String, String>> child = CompletableFuture.supplyAsync(() -> {
      try {
        return BenchSupport.runChild(args, work.resolve(appId + ".log"), a.get("heap"), run.classPath());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Map<String, Seen> barSeen = new ConcurrentHashMap<>();
    Map<String, Seen> forecastSeen = new ConcurrentHashMap<>();
    Map<String, Boolean> wallClosed = new ConcurrentHashMap<>();
    Path seenLog = work.resolve(appId + ".seen.tsv");
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> read(bootstrap, appId, barSeen, forecastSeen, wallClosed, seenLog, stop),
        "live-reader");
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(10_000); // child JVM start, topic creation, first rebalance

    TickGenerator gen = new TickGenerator(symbols, 11);
    long sent = 0;
    long begin = System.currentTimeMillis();
    try (KafkaProducer<String, byte[]> p = BenchSupport.producer(bootstrap, 1)) {
      while (sent < total) {
        long due = (System.currentTimeMillis() - begin) * rate / 1000;
        for (; sent < Math.min(due, total); sent++) {
          long now = System.currentTimeMillis();
          Tick t = gen.at((int) (sent % symbols), now, sent);
          p.send(new ProducerRecord<>(ticks, null, now, t.symbol(), TickGenerator.json(t)));
        }
        Thread.sleep(2);
      }
      p.flush();
    }
    long stopMs = System.currentTimeMillis();
    Map<String, String> r = child.get();
    Thread.sleep(1_000);
    stop.set(true);
    reader.join(5_000);
    report(a, kind, cfg, rate, seconds, symbols, stopMs, barMs, graceMs, idleMs, barSeen, forecastSeen,
        wallClosed, r, work);
  }

  /** When a record became visible: the reader's poll number and the wall clock when that poll returned. */
  record Seen(long poll, long wallMs) {}

  private static void read(String bootstrap, String appId, Map<String, Seen> bars,
      Map<String, Seen> forecasts, Map<String, Boolean> wallClosed, Path seenLog,
      AtomicBoolean stop) {
    // One poll returns everything the broker had made visible; a larger max.poll.records keeps
    // a bar and its forecast from being cut into two polls by the client alone.
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100_000);
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer());
        PrintWriter seen = new PrintWriter(Files.newBufferedWriter(seenLog))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(appId + ".bars", appId + ".forecasts")) {
        while (c.listTopics().get(topic) == null) {
          Thread.sleep(200);
        }
        c.partitionsFor(topic).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      long polls = 0;
      while (!stop.get()) {
        polls++;
        var records = c.poll(Duration.ofMillis(20));
        // Every record of a poll became visible to this consumer at the same moment: stamp them
        // all with the time the poll returned. (A clock read per record measured the reader's
        // own decoding, GC and CPU waits between two records of one poll: ±50-200 ms on a busy
        // 2-core machine, where this JVM also hosts the broker and the tick feed.)
        Seen at = new Seen(polls, System.currentTimeMillis());
        for (ConsumerRecord<String, byte[]> rec : records) {
          // poll, wall ms, topic, partition, offset, key: to join with the broker's log segments.
          seen.printf(Locale.ROOT, "%d\t%d\t%s\t%d\t%d\t%s%n", at.poll(), at.wallMs(), rec.topic(),
              rec.partition(), rec.offset(), rec.key());
          if (rec.topic().endsWith(".bars")) {
            Bar b = JsonCodecs.barFromJson(rec.value());
            bars.putIfAbsent(b.symbol() + "@" + b.endMs(), at);
            wallClosed.put(b.symbol() + "@" + b.endMs(), b.wallClockClosed());
          } else {
            Forecast f = JsonCodecs.forecastFromJson(rec.value());
            forecasts.putIfAbsent(f.symbol() + "@" + f.barEndMs(), at);
          }
        }
        seen.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void report(Map<String, String> a, String kind, Map<String, String> cfg, int rate,
      int seconds, int symbols, long stopMs, long barMs, long graceMs, long idleMs, Map<String, Seen> bars,
      Map<String, Seen> forecasts, Map<String, Boolean> wallClosed, Map<String, String> child,
      Path work) throws Exception {
    List<Long> barToForecast = new ArrayList<>();
    List<Long> endToForecast = new ArrayList<>();
    Map<String, Long> lastEnd = new HashMap<>();
    int[] laterPoll = new int[2]; // forecasts seen in a later poll than their bar; in an earlier one
    forecasts.forEach((key, fAt) -> {
      Seen bAt = bars.get(key);
      if (bAt != null) {
        barToForecast.add(fAt.wallMs() - bAt.wallMs());
        laterPoll[0] += fAt.poll() > bAt.poll() ? 1 : 0;
        laterPoll[1] += fAt.poll() < bAt.poll() ? 1 : 0;
      }
      endToForecast.add(fAt.wallMs() - Long.parseLong(key.substring(key.indexOf('@') + 1)));
    });
    bars.keySet().forEach(k -> lastEnd.merge(k.substring(0, k.indexOf('@')),
        Long.parseLong(k.substring(k.indexOf('@') + 1)), Math::max));
    int lastForecast = 0;
    long worstOver = Long.MIN_VALUE;
    int lastWall = 0;
    for (Map.Entry<String, Long> e : lastEnd.entrySet()) {
      String key = e.getKey() + "@" + e.getValue();
      if (Boolean.TRUE.equals(wallClosed.get(key))) {
        lastWall++;
      }
      Seen fAt = forecasts.get(key);
      if (fAt != null) {
        lastForecast++;
        worstOver = Math.max(worstOver, fAt.wallMs() - (e.getValue() + graceMs + idleMs));
      }
    }
    String out = String.format(Locale.ROOT, "Pipeline live, %s, %s, %d ticks/s over %d symbols for %d s, %s, "
            + "config %s%n%n| measure | p50 ms | p90 ms | p99 ms | max ms | n |%n|---|---|---|---|---|---|%n"
            + "%s%s%nForecasts visible in a later poll than their bar: %d of %d (in an earlier poll: %d).%n"
            + "Last bars: %d of %d symbols closed on the wall clock, %d forecast; latest forecast "
            + "%d ms after its bar's end + grace + idle timeout (≤ 0: within).%n"
            + "Child: CPU %.1f µs/tick, peak RSS %.0f MB, %s bars, %s forecasts.%n",
        kind, Instant.now(), rate, symbols, seconds, a.get("guarantee"), cfg,
        row("bar visible → forecast visible", barToForecast),
        row("bar end → forecast visible", endToForecast), laterPoll[0], barToForecast.size(),
        laterPoll[1], lastWall, lastEnd.size(), lastForecast,
        worstOver, Long.parseLong(child.get("cpuNs")) / 1e3 / Long.parseLong(child.get("ticks")),
        Long.parseLong(child.getOrDefault("vmhwmKb", "0")) / 1024.0, child.get("bars"),
        child.get("forecasts"));
    System.out.print(out);
    Files.writeString(work.resolve("results.md"), out, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static String row(String name, List<Long> v) {
    if (v.isEmpty()) {
      return "| " + name + " | – | – | – | – | 0 |\n";
    }
    Collections.sort(v);
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", name, q(v, 0.5), q(v, 0.9),
        q(v, 0.99), v.get(v.size() - 1), v.size());
  }

  private static long q(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
