package io.tickcast.bench.pipeline;

import io.micrometer.core.instrument.Counter;
import io.tickcast.app.TickcastService;
import io.tickcast.app.config.AppConfigLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One drain in its own JVM, so its CPU time and RSS are its own: runs tickcast (the production
 * {@link TickcastService}), the hand-written baseline or a framework floor ({@link FloorApp}) until
 * it has read {@code ticks} records, then prints one {@code RESULT} line of {@code key=value} pairs
 * and exits. The baseline and the floors run with the same Kafka Streams settings.
 *
 * <p>Usage: {@code DrainChild <kind> <bootstrap> <ticksTopic> <appId> <guarantee> <ticks>
 * [key=value tickcast config ...]}, kind = {@code tickcast[@key=value...]}, {@code baseline},
 * {@code floor} or {@code floor-parse}.
 */
public final class DrainChild {

  private DrainChild() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String bootstrap = args[1];
    String ticksTopic = args[2];
    String appId = args[3];
    String guarantee = args[4];
    long expected = Long.parseLong(args[5]);
    Path stateDir = Files.createTempDirectory("tickcast-bench-" + appId);
    Map<String, String> extra = new HashMap<>();
    for (int i = 6; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      extra.put(kv[0], kv[1]);
    }
    // Live mode: keep running after the last tick so quiet partitions can close on the wall clock.
    long lingerMs = Long.parseLong(extra.getOrDefault("bench.linger.ms", "0"));
    extra.remove("bench.linger.ms");
    Map<String, Object> result = new java.util.LinkedHashMap<>();
    if (kind.startsWith("tickcast")) {
      // "tickcast@key=value@key=value": tickcast with config changes, next to plain tickcast.
      String[] variant = kind.split("@");
      for (int i = 1; i < variant.length; i++) {
        String[] kv = variant[i].split("=", 2);
        extra.put(kv[0], kv[1]);
      }
      Map<String, String> p = new HashMap<>(Map.of("application.id", appId,
          "state.dir", stateDir.toString(), "topic.ticks", ticksTopic, "topic.bars", appId + ".bars",
          "topic.forecasts", appId + ".forecasts", "topic.ticks.dlq", appId + ".ticks.dlq",
          "topic.bars.dlq", appId + ".bars.dlq", "processing.guarantee", guarantee,
          "metrics.port", "0", "status.interval", "1h"));
      p.putAll(extra);
      try (TickcastService svc = TickcastService.start(AppConfigLoader.fromLayers(p, Map.of()), bootstrap)) {
        drain(() -> (long) svc.metrics().ticksTotal(), expected, result);
        Thread.sleep(lingerMs);
        result.put("bars", svc.metrics().barsTotal());
        result.put("forecasts", svc.metrics().forecastsTotal());
        result.put("updates", (long) svc.registry().find("tickcast.train.updates").counters().stream()
            .mapToDouble(Counter::count).sum());
        memory(result);
      }
    } else {
      AtomicLong consumed = new AtomicLong();
      AtomicLong emitted = new AtomicLong();
      Topology topology;
      if (kind.equals("baseline")) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
          admin.createTopics(List.of(new NewTopic(appId + ".bars", 3, (short) 1))).all().get();
        }
        topology = HandWrittenBars.build(ticksTopic, appId + ".bars", consumed, emitted);
      } else {
        topology = FloorApp.build(kind, ticksTopic, consumed, emitted);
      }
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
      try (KafkaStreams streams = new KafkaStreams(topology, p)) {
        streams.start();
        drain(consumed::get, expected, result);
        // A floor emits nothing; floor-parse counts the ticks that parsed valid instead.
        result.put("bars", kind.equals("baseline") ? emitted.get() : 0L);
        result.put("valid", emitted.get());
        result.put("forecasts", 0L);
        result.put("updates", 0L);
        memory(result);
      }
    }
    StringBuilder line = new StringBuilder("RESULT kind=" + kind);
    result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
    System.out.flush();
    BenchSupport.deleteTree(stateDir);
    System.exit(0);
  }

  /** Waits until {@code count} reaches {@code expected}; times from the first record to the last. */
  private static void drain(LongSupplier count, long expected, Map<String, Object> out)
      throws InterruptedException {
    long firstMs = 0;
    long firstCpu = 0;
    long firstStreamCpu = 0;
    long deadline = System.currentTimeMillis() + 30 * 60_000L;
    while (count.getAsLong() < expected && System.currentTimeMillis() < deadline) {
      if (firstMs == 0 && count.getAsLong() > 0) {
        firstMs = System.currentTimeMillis();
        firstCpu = cpuNanos();
        firstStreamCpu = streamThreadCpuNanos();
      }
      Thread.sleep(5);
    }
    out.put("ticks", count.getAsLong());
    out.put("firstMs", firstMs);
    out.put("endMs", System.currentTimeMillis());
    out.put("cpuNs", cpuNanos() - firstCpu);
    out.put("streamCpuNs", streamThreadCpuNanos() - firstStreamCpu);
  }

  /**
   * CPU time of the Kafka Streams stream threads (one in these drains): the critical path of a
   * drain, without the JIT, GC, RocksDB and producer I/O threads that the process CPU includes.
   */
  static long streamThreadCpuNanos() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("-StreamThread-")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static void memory(Map<String, Object> out) throws Exception {
    System.gc();
    out.put("heapBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
        out.put(line.substring(0, 5).toLowerCase(Locale.ROOT) + "Kb",
            Long.parseLong(line.replaceAll("[^0-9]", "")));
      }
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
