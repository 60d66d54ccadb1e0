package io.tickcast.bench.pipeline;

import io.tickcast.model.domain.Tick;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Broker-side helpers of the pipeline benchmark: topics, pre-load, log sizes, child JVMs, CPU. */
final class BenchSupport {

  private BenchSupport() {}

  static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** Writes {@code n} generated ticks of {@code symbols} symbols (seeded) to {@code topic}. */
  static void preload(String bootstrap, String topic, long n, int symbols, long seed) {
    TickGenerator gen = new TickGenerator(symbols, seed);
    try (KafkaProducer<String, byte[]> p = producer(bootstrap, 20)) {
      for (long i = 0; i < n; i++) {
        Tick t = gen.next();
        p.send(new ProducerRecord<>(topic, null, t.tsMs(), t.symbol(), TickGenerator.json(t)));
      }
      p.flush();
    }
  }

  /** Records in {@code topic} (sum of end offsets): what a drain must read. */
  static long records(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().size(); p++) {
        latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }
  }

  /** Bytes on disk of every changelog topic of {@code appId}, by store name. */
  static Map<String, Long> changelogBytes(String bootstrap, String appId) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<Integer> ids = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(ids).allDescriptions().get().values()) {
        for (LogDirDescription d : dirs.values()) {
          for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
            String t = e.getKey().topic();
            if (t.startsWith(appId + "-") && t.endsWith("-changelog")) {
              String store = t.substring(appId.length() + 1, t.length() - "-changelog".length());
              out.merge(store, e.getValue().size(), Long::sum);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Runs {@code DrainChild} in a child JVM; returns its RESULT fields. Output goes to {@code log}.
   * {@code classPath} null = this JVM's class path.
   */
  static Map<String, String> runChild(List<String> childArgs, Path log, String heap,
      String classPath) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-XX:+UseParallelGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "-Dorg.bytedeco.javacpp.maxBytes=0", "-cp",
        classPath == null ? System.getProperty("java.class.path") : classPath,
        DrainChild.class.getName()));
    // e.g. -Dbench.child.opts=-XX:StartFlightRecording=filename=drain.jfr for a profile
    String opts = System.getProperty("bench.child.opts", "").trim();
    if (!opts.isEmpty()) {
      cmd.addAll(cmd.size() - 1, List.of(opts.split("\\s+")));
    }
    cmd.addAll(childArgs);
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!proc.waitFor(40, TimeUnit.MINUTES)) {
      proc.destroyForcibly();
      throw new IllegalStateException("drain did not finish; see " + log);
    }
    Map<String, String> r = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("RESULT ")) {
        for (String kv : line.substring(7).split(" ")) {
          String[] p = kv.split("=", 2);
          r.put(p[0], p[1]);
        }
      }
    }
    if (r.isEmpty()) {
      throw new IllegalStateException("no RESULT from the drain (exit " + proc.exitValue() + "); see " + log);
    }
    return r;
  }

  /** This JVM's CPU time sampled every 20 ms, to attribute broker CPU to a time interval. */
  static final class CpuSampler implements AutoCloseable {
    private final List<long[]> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler() {
      thread = new Thread(() -> {
        while (running) {
          long[] s = {System.currentTimeMillis(), DrainChild.cpuNanos()};
          synchronized (samples) {
            samples.add(s);
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-cpu-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    /** CPU ns this JVM used between two wall times (nearest samples). */
    long between(long fromMs, long toMs) {
      synchronized (samples) {
        long a = 0;
        long b = 0;
        for (long[] s : samples) {
          if (s[0] <= fromMs) {
            a = s[1];
          }
          if (s[0] <= toMs) {
            b = s[1];
          }
        }
        return b - a;
      }
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
    }
  }

  /** Deletes {@code dir} and everything under it, best effort (a bench's scratch). */
  static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  static Path workDir() throws IOException {
    Path p = Path.of("bench", "target", "pipeline");
    Files.createDirectories(p);
    return p;
  }

  static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A run kind of {@code --runs}: {@code <kind>} on this class path, or {@code <label>:<kind>} on
   * the class path of {@code -Dbench.cp.<label>} (another build, for an A/B of code in one run).
   *
   * @param kind the child's kind ({@code tickcast[@k=v...]}, {@code baseline}, ...)
   * @param classPath the other build's class path, or null for this one
   */
  record RunKind(String kind, String classPath) {

    static RunKind parse(String spec) {
      int colon = spec.indexOf(':');
      if (colon <= 0) {
        return new RunKind(spec, null);
      }
      String label = spec.substring(0, colon);
      String classPath = System.getProperty("bench.cp." + label);
      if (classPath == null) {
        throw new IllegalArgumentException("--runs: run kind " + spec + " needs -Dbench.cp." + label
            + "=<class path of the other build>");
      }
      return new RunKind(spec.substring(colon + 1), classPath);
    }
  }

  /**
   * The kinds in the order of repetition {@code rep} (1-based): reversed every other repetition,
   * so a burst of load on the shared machine does not hit one kind only.
   */
  static List<String> interleaved(List<String> kinds, int rep) {
    List<String> order = new ArrayList<>(kinds);
    if (rep % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }
}
