package io.tickcast.bench.pipeline;

import io.tickcast.app.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline benchmark, one command: starts a real broker (the in-JVM KRaft {@link
 * EmbeddedKafkaBroker}), pre-loads seeded ticks into a 3-partition topic, and drains the same
 * topic with the hand-written DSL aggregation ({@link HandWrittenBars}) and with tickcast (the
 * production {@code TickcastService}), each in its own JVM, with the same guarantee. Reports
 * ticks/s, process CPU per tick, broker CPU, changelog bytes per bar and per model update, peak
 * RSS and heap, and the ratio tickcast / baseline. {@code --mode live} runs {@link LiveBench}.
 *
 * <p>Options: {@code --ticks 300000 --symbols 100,1000 --guarantee exactly_once_v2
 * --runs baseline,tickcast --seed 7 --heap 2g}; any {@code --set key=value} is passed to tickcast's
 * config. Output: a Markdown table on stdout and in {@code bench/target/pipeline/results.md}.
 */
public final class PipelineBench {

  private PipelineBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("ticks", "300000", "symbols", "100,1000",
        "guarantee", "exactly_once_v2", "runs", "baseline,tickcast", "seed", "7", "heap", "2g",
        "mode", "drain"));
    List<String> sets = new ArrayList<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (argv[i].equals("--set")) {
        sets.add(argv[i + 1]);
      } else {
        a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
      }
    }
    Path work = BenchSupport.workDir();
    Path brokerDir = Files.createTempDirectory("tickcast-bench-broker");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, 0, Map.of());
        BenchSupport.CpuSampler sampler = new BenchSupport.CpuSampler()) {
      if (a.get("mode").equals("live")) {
        LiveBench.run(broker.bootstrapServers(), a, sets, work);
        return;
      }
      drain(broker.bootstrapServers(), a, sets, work, sampler);
    }
    System.exit(0);
  }

  private static void drain(String bootstrap, Map<String, String> a, List<String> sets, Path work,
      BenchSupport.CpuSampler sampler) throws Exception {
    long n = Long.parseLong(a.get("ticks"));
    String guarantee = a.get("guarantee");
    String nonce = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "Pipeline drain, %s, %d ticks per run, %s, %d cores, %s%n%n",
        Instant.now(), n, guarantee, Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch")));
    table.append("| S | run | ticks/s | CPU µs/tick | broker CPU s | bars | changelog B/bar "
        + "(bar state) | B/bar (sequence) | B/model update | peak RSS MB | heap MB | heap KB/symbol |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> ratios = new ArrayList<>();
    for (String sText : a.get("symbols").split(",")) {
      int s = Integer.parseInt(sText.trim());
      String topic = "ticks-" + s + "-" + nonce;
      BenchSupport.createTopic(bootstrap, topic, 3);
      long t0 = System.currentTimeMillis();
      BenchSupport.preload(bootstrap, topic, n, s, Long.parseLong(a.get("seed")));
      // What is in the topic counts (a producer retry could in principle add or lose a batch).
      long inTopic = BenchSupport.records(bootstrap, topic);
      System.err.printf(Locale.ROOT, "pre-loaded %d ticks (%d in the topic) of %d symbols in %d ms%n",
          n, inTopic, s, System.currentTimeMillis() - t0);
      Map<String, Double> rate = new HashMap<>();
      for (String kind : a.get("runs").split(",")) {
        String appId = "bench-" + kind + "-" + s + "-" + nonce;
        List<String> args = new ArrayList<>(List.of(kind, bootstrap, topic, appId, guarantee,
            Long.toString(inTopic)));
        args.addAll(sets);
        Map<String, String> r = BenchSupport.runChild(args, work.resolve(appId + ".log"), a.get("heap"));
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
        rate.put(kind, tps);
        long heap = Long.parseLong(r.get("heapBytes"));
        table.append(String.format(Locale.ROOT,
            "| %d | %s | %.0f | %.1f | %.1f | %d | %.0f | %.0f | %s | %.0f | %.0f | %.1f |%n",
            s, kind, tps, Long.parseLong(r.get("cpuNs")) / 1e3 / ticks,
            sampler.between(first, end) / 1e9, bars, bars == 0 ? 0 : (double) barBytes / bars,
            bars == 0 ? 0 : (double) seqBytes / bars,
            updates == 0 ? "–" : String.format(Locale.ROOT, "%.0f", (double) modelBytes / updates),
            Long.parseLong(r.getOrDefault("vmhwmKb", "0")) / 1024.0, heap / 1048576.0,
            heap / 1024.0 / s));
        System.err.println(kind + " S=" + s + ": " + r + " changelog " + logs);
      }
      if (rate.containsKey("tickcast") && rate.containsKey("baseline")) {
        ratios.add(String.format(Locale.ROOT, "S=%d: tickcast / hand-written = %.2f×", s,
            rate.get("tickcast") / rate.get("baseline")));
      }
    }
    table.append('\n');
    ratios.forEach(r -> table.append(r).append('\n'));
    System.out.print(table);
    Files.writeString(work.resolve("results.md"), table.toString(),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }
}
