package io.tickcast.bench.pipeline;

import io.tickcast.app.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline benchmark, one command: starts a real broker (the in-JVM KRaft {@link
 * EmbeddedKafkaBroker}), pre-loads seeded ticks into a 3-partition topic, and drains the same
 * topic with the hand-written DSL aggregation ({@link HandWrittenBars}), with tickcast (the
 * production {@code TickcastService}) and optionally with the framework floor, each in its own
 * JVM, with the same guarantee. Reports ticks/s, process CPU per tick, broker CPU, changelog
 * bytes per bar and per model update, peak RSS and heap, and the ratio of each kind to the
 * baseline. {@code --mode live} runs {@link LiveBench}.
 *
 * <p>Options: {@code --ticks 300000 --symbols 100,1000 --guarantee exactly_once_v2
 * --runs baseline,tickcast --repeat 1 --seed 7 --heap 2g}. Run kinds {@code floor} and {@code
 * floor-parse} add the framework floor ({@link FloorApp}), {@code tickcast@key=value[@key=value]}
 * a tickcast variant with config changes, {@code <label>:<kind>} any kind run on the class path
 * given by {@code -Dbench.cp.<label>} (another build, for an A/B of code in one run). {@code --repeat} interleaves the kinds over
 * repetitions of the same pre-loaded topics and reports ratios per repetition. Any {@code --set
 * key=value} is passed to tickcast's config. {@code --keep-broker true} keeps the broker's log
 * directory (for {@link TxnMarkers}; delete it by hand), {@code --broker key=value[,key=value]}
 * overrides broker config. Output: a Markdown table on stdout and in {@code
 * bench/target/pipeline/results.md}.
 */
public final class PipelineBench {

  private PipelineBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("ticks", "300000", "symbols", "100,1000",
        "guarantee", "exactly_once_v2", "runs", "baseline,tickcast", "seed", "7", "heap", "2g",
        "mode", "drain", "repeat", "1"));
    List<String> sets = new ArrayList<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (argv[i].equals("--set")) {
        sets.add(argv[i + 1]);
      } else {
        a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
      }
    }
    try {
      validate(a, sets, argv.length);
    } catch (IllegalArgumentException e) {
      // A usage error is one line and exit 2, before a broker is started (house rule for CLIs).
      System.err.println("pipeline bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path work = BenchSupport.workDir();
    Path brokerDir = Files.createTempDirectory("tickcast-bench-broker");
    // --broker key=value[,key=value]: broker config overrides, e.g. log.message.timestamp.type=
    // LogAppendTime so that a kept log shows when each batch and commit marker was appended.
    Map<String, String> brokerConfig = new HashMap<>();
    for (String kv : a.getOrDefault("broker", "").split(",")) {
      if (!kv.isBlank()) {
        brokerConfig.put(kv.split("=", 2)[0], kv.split("=", 2)[1]);
      }
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, 0, brokerConfig);
        BenchSupport.CpuSampler sampler = new BenchSupport.CpuSampler()) {
      if (a.get("mode").equals("live")) {
        LiveBench.run(broker.bootstrapServers(), a, sets, work);
        return;
      }
      drain(broker.bootstrapServers(), a, sets, work, sampler);
    } finally {
      // The broker's logs hold every run's topics and changelogs (GBs for long drains);
      // --keep-broker true keeps them for kafka.tools.DumpLogSegments (delete them by hand).
      if (Boolean.parseBoolean(a.getOrDefault("keep-broker", "false"))) {
        System.err.println("kept the broker's log dir " + brokerDir);
      } else {
        BenchSupport.deleteTree(brokerDir);
      }
    }
    System.exit(0);
  }

  private static final List<String> KNOWN = List.of("ticks", "symbols", "guarantee", "runs", "seed",
      "heap", "mode", "repeat", "rate", "seconds", "keep-broker", "broker");

  /** Checks the options before anything starts; the message names the option. */
  static void validate(Map<String, String> a, List<String> sets, int argc) {
    if (argc % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs (--option value); a value is missing");
    }
    for (String key : a.keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + " (known: --" + String.join(", --", KNOWN) + ", --set)");
      }
    }
    for (String key : List.of("ticks", "seed")) {
      if (a.containsKey(key)) {
        long v;
        try {
          v = Long.parseLong(a.get(key));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + a.get(key) + "'");
        }
        if (key.equals("ticks") && v < 1) {
          throw new IllegalArgumentException("--ticks must be at least 1, got " + v);
        }
      }
    }
    // Read with Integer.parseInt later: checked as ints here, so nothing fails after the broker is up.
    for (String key : List.of("repeat", "rate", "seconds")) {
      if (a.containsKey(key) && !a.get(key).matches("[1-9][0-9]{0,8}")) {
        throw new IllegalArgumentException("--" + key + " must be a whole number from 1 to 999999999, got '" + a.get(key) + "'");
      }
    }
    if (!a.get("heap").matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new IllegalArgumentException("--heap takes a JVM heap size like 2g or 1536m, got '" + a.get("heap") + "'");
    }
    if (a.containsKey("keep-broker") && !a.get("keep-broker").matches("true|false")) {
      throw new IllegalArgumentException("--keep-broker must be true or false, got '" + a.get("keep-broker") + "'");
    }
    for (String s : a.get("symbols").split(",")) {
      if (!s.trim().matches("[1-9][0-9]{0,6}")) {
        throw new IllegalArgumentException("--symbols takes positive counts separated by commas, got '" + a.get("symbols") + "'");
      }
    }
    if (!a.get("mode").equals("drain") && !a.get("mode").equals("live")) {
      throw new IllegalArgumentException("--mode must be drain or live, got '" + a.get("mode") + "'");
    }
    if (!a.get("guarantee").equals("exactly_once_v2") && !a.get("guarantee").equals("at_least_once")) {
      throw new IllegalArgumentException("--guarantee must be exactly_once_v2 or at_least_once, got '" + a.get("guarantee") + "'");
    }
    for (String kind : a.get("runs").split(",")) {
      String k = BenchSupport.RunKind.parse(kind).kind();
      if (!k.equals("baseline") && !k.equals("tickcast") && !k.startsWith("tickcast@")
          && !k.equals("floor") && !k.equals("floor-parse")) {
        throw new IllegalArgumentException("--runs: unknown run kind '" + kind
            + "' (baseline, tickcast, tickcast@key=value, floor, floor-parse, or <label>:<kind>)");
      }
    }
    for (String kv : sets) {
      if (!kv.contains("=")) {
        throw new IllegalArgumentException("--set takes key=value, got '" + kv + "'");
      }
    }
    for (String kv : a.getOrDefault("broker", "").split(",")) {
      if (!kv.isBlank() && !kv.contains("=")) {
        throw new IllegalArgumentException("--broker takes key=value[,key=value], got '" + kv + "'");
      }
    }
  }

  private static void drain(String bootstrap, Map<String, String> a, List<String> sets, Path work,
      BenchSupport.CpuSampler sampler) throws Exception {
    long n = Long.parseLong(a.get("ticks"));
    String guarantee = a.get("guarantee");
    int repeat = Integer.parseInt(a.get("repeat"));
    List<String> kinds = List.of(a.get("runs").split(","));
    String nonce = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "Pipeline drain, %s, %d ticks per run, %s, %d cores, %s%n%n",
        Instant.now(), n, guarantee, Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch")));
    table.append("| rep | S | run | start UTC | load 1m | ticks/s | CPU µs/tick | stream thread µs/tick | broker CPU s | bars "
        + "| changelog B/bar (bar state) | B/bar (sequence) | B/model update | peak RSS MB | heap MB "
        + "| heap KB/symbol |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<Integer, String> topics = new LinkedHashMap<>();
    Map<String, Long> inTopic = new HashMap<>();
    for (String sText : a.get("symbols").split(",")) {
      int s = Integer.parseInt(sText.trim());
      String topic = "ticks-" + s + "-" + nonce;
      BenchSupport.createTopic(bootstrap, topic, 3);
      long t0 = System.currentTimeMillis();
      BenchSupport.preload(bootstrap, topic, n, s, Long.parseLong(a.get("seed")));
      // What is in the topic counts (a producer retry could in principle add or lose a batch).
      inTopic.put(topic, BenchSupport.records(bootstrap, topic));
      topics.put(s, topic);
      System.err.printf(Locale.ROOT, "pre-loaded %d ticks (%d in the topic) of %d symbols in %d ms%n",
          n, inTopic.get(topic), s, System.currentTimeMillis() - t0);
    }
    List<String> ratios = new ArrayList<>();
    for (int rep = 1; rep <= repeat; rep++) {
      List<String> order = BenchSupport.interleaved(kinds, rep);
      for (Map.Entry<Integer, String> st : topics.entrySet()) {
        int s = st.getKey();
        String topic = st.getValue();
        Map<String, Double> rate = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> streamCpu = new LinkedHashMap<>();
        for (String kind : order) {
          String safeKind = kind.replaceAll("[^A-Za-z0-9-]", "_");
          String appId = "bench-" + safeKind + "-" + s + "-" + nonce + "-r" + rep;
          BenchSupport.RunKind run = BenchSupport.RunKind.parse(kind);
          List<String> args = new ArrayList<>(List.of(run.kind(), bootstrap, topic, appId, guarantee,
              Long.toString(inTopic.get(topic))));
          args.addAll(sets);
          String startUtc = Instant.now().toString().substring(11, 19);
          String load = loadAverage();
          Map<String, String> r = BenchSupport.runChild(args, work.resolve(appId + ".log"), a.get("heap"),
              run.classPath());
          long first = Long.parseLong(r.get("firstMs"));
          long end = Long.parseLong(r.get("endMs"));
          double secs = (end - first) / 1000.0;
          long ticks = Long.parseLong(r.get("ticks"));
          long bars = Long.parseLong(r.get("bars"));
          long updates = Long.parseLong(r.get("updates"));
          Map<String, Long> logs = BenchSupport.changelogBytes(bootstrap, appId);
          long seqBytes = logs.getOrDefault("symbol-sequences", 0L);
          long modelBytes = logs.getOrDefault("symbol-models", 0L);
          long barBytes = logs.values().stream().mapToLong(Long::longValue).sum() - seqBytes - modelBytes;
          double tps = ticks / secs;
          double cpuPerTick = Long.parseLong(r.get("cpuNs")) / 1e3 / ticks;
          double streamPerTick = Long.parseLong(r.getOrDefault("streamCpuNs", "0")) / 1e3 / ticks;
          rate.put(kind, tps);
          cpu.put(kind, cpuPerTick);
          streamCpu.put(kind, streamPerTick);
          long heap = Long.parseLong(r.get("heapBytes"));
          table.append(String.format(Locale.ROOT,
              "| %d | %d | %s | %s | %s | %.0f | %.1f | %.1f | %.1f | %d | %.0f | %.0f | %s | %.0f | %.0f | %.1f |%n",
              rep, s, kind, startUtc, load, tps, cpuPerTick, streamPerTick, sampler.between(first, end) / 1e9, bars,
              bars == 0 ? 0 : (double) barBytes / bars, bars == 0 ? 0 : (double) seqBytes / bars,
              updates == 0 ? "–" : String.format(Locale.ROOT, "%.0f", (double) modelBytes / updates),
              Long.parseLong(r.getOrDefault("vmhwmKb", "0")) / 1024.0, heap / 1048576.0,
              heap / 1024.0 / s));
          System.err.println(kind + " S=" + s + " rep " + rep + ": " + r + " changelog " + logs);
        }
        ratios.add(ratioLine(rep, s, rate, cpu, streamCpu));
      }
    }
    table.append('\n');
    ratios.forEach(r -> table.append(r).append('\n'));
    System.out.print(table);
    Files.writeString(work.resolve("results.md"), table.toString(),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Each kind's ticks/s and CPU per tick relative to the hand-written baseline of the same repetition. */
  private static String ratioLine(int rep, int s, Map<String, Double> rate, Map<String, Double> cpu,
      Map<String, Double> streamCpu) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "rep %d, S=%d:", rep, s));
    Double base = rate.get("baseline");
    for (Map.Entry<String, Double> e : rate.entrySet()) {
      if (base != null && !e.getKey().equals("baseline")) {
        line.append(String.format(Locale.ROOT,
            " %s / hand-written = %.2f× (CPU µs/tick %.1f vs %.1f, stream thread %.1f vs %.1f);",
            e.getKey(), e.getValue() / base, cpu.get(e.getKey()), cpu.get("baseline"),
            streamCpu.get(e.getKey()), streamCpu.get("baseline")));
      }
    }
    return line.toString();
  }

  /** The 1-minute load average (Linux), to judge how shared the machine was during a run. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
