package io.tickcast.bench.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;

/**
 * Ground truth for the live bench: when the broker appended each transaction's COMMIT marker to
 * each partition of one application, read from a broker log directory kept with {@code
 * --keep-broker true} and written with {@code --broker log.message.timestamp.type=LogAppendTime
 * --set kafka.topic.message.timestamp.type=LogAppendTime} (so every batch, markers included,
 * carries its append time; Kafka Streams creates changelogs with CreateTime otherwise).
 *
 * <p>Under transactions version 2 the producer epoch is bumped by every commit, so the marker
 * epoch names the transaction (its data batches carry epoch − 1). For each transaction it prints
 * the spread of its markers' append times over its partitions, and for each partition number the
 * forecasts marker minus the bars marker: while that is non-zero a read-committed consumer can see
 * a bar without its forecast (or the reverse), although both are in one transaction.
 *
 * <p>Given the live bench's {@code <application id>.seen.tsv} as well, it checks that each
 * forecast the reader saw is in the same transaction (producer id and epoch) as a bar of its
 * symbol.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.tickcast.bench.pipeline.TxnMarkers <broker log dir>
 * <application id> [<seen.tsv>]}. Uses Kafka's internal record classes (bench only).
 */
public final class TxnMarkers {

  private TxnMarkers() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: TxnMarkers <broker log dir> <application id> [<seen.tsv>]");
      System.exit(2);
    }
    // marker epoch -> partition dir name -> append time (ms)
    Map<Integer, Map<String, Long>> markers = new TreeMap<>();
    // partition dir name -> offset -> "key@producer id/epoch" of each data record
    Map<String, Map<Long, String>> records = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(Path.of(args[0]))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(args[1])).sorted().toList()) {
        String part = dir.getFileName().toString().substring(args[1].length());
        try (Stream<Path> logs = Files.list(dir)) {
          for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
            read(log.toFile(), part, markers, records.computeIfAbsent(part, k -> new HashMap<>()));
          }
        }
      }
    }
    List<Long> spread = new ArrayList<>();
    List<Long> skew = new ArrayList<>();
    List<String> worst = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, Long>> e : markers.entrySet()) {
      Map<String, Long> m = e.getValue();
      long first = Collections.min(m.values());
      long s = Collections.max(m.values()) - first;
      spread.add(s);
      for (int p = 0; p < 64; p++) {
        Long bar = m.get(".bars-" + p);
        Long forecast = m.get(".forecasts-" + p);
        if (bar != null && forecast != null) {
          skew.add(forecast - bar);
        }
      }
      if (s >= 50) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d, spread %d ms:", e.getKey(), s));
        m.entrySet().stream().sorted(Map.Entry.comparingByValue())
            .forEach(pe -> line.append(' ').append(pe.getKey()).append(" +").append(pe.getValue() - first));
        worst.add(line.toString());
      }
    }
    System.out.printf(Locale.ROOT, "%d transactions; marker append spread over a transaction's partitions "
        + "p50/p90/p99/max %s ms%n", spread.size(), quantiles(spread));
    System.out.printf(Locale.ROOT, "forecasts marker - bars marker, same transaction and partition number "
        + "(n=%d) p1/p50/p99 and min/max: %s ms%n", skew.size(), skewLine(skew));
    worst.forEach(System.out::println);
    if (args.length == 3) {
      sameTransaction(Path.of(args[2]), args[1], records);
    }
  }

  /** Counts the forecasts in {@code seen} whose batch has the producer id and epoch of a bar of their symbol. */
  private static void sameTransaction(Path seen, String appId, Map<String, Map<Long, String>> records)
      throws IOException {
    Set<String> barTxns = new HashSet<>();
    List<String> forecastTxns = new ArrayList<>();
    int unknown = 0;
    for (String line : Files.readAllLines(seen)) {
      String[] f = line.split("\t"); // poll, wall ms, topic, partition, offset, key
      // The log's record at that offset must carry the key the reader saw (else: another log).
      String txn = records.getOrDefault(f[2].substring(appId.length()) + "-" + f[3], Map.of())
          .get(Long.parseLong(f[4]));
      if (txn == null || !txn.startsWith(f[5] + "@")) {
        unknown++;
        continue;
      }
      if (f[2].endsWith(".bars")) {
        barTxns.add(txn);
      } else {
        forecastTxns.add(txn);
      }
    }
    long same = forecastTxns.stream().filter(barTxns::contains).count();
    System.out.printf(Locale.ROOT, "forecasts seen %d, in the transaction (producer id/epoch) of a bar of "
        + "their symbol: %d (records not found in the log: %d)%n", forecastTxns.size(), same, unknown);
  }

  private static void read(File log, String part, Map<Integer, Map<String, Long>> markers,
      Map<Long, String> keys) throws IOException {
    boolean keep = part.startsWith(".bars-") || part.startsWith(".forecasts-");
    try (FileRecords records = FileRecords.open(log)) {
      for (FileChannelRecordBatch batch : records.batches()) {
        if (!batch.isControlBatch()) {
          for (Record r : batch) {
            if (keep && r.hasKey()) {
              keys.put(r.offset(), StandardCharsets.UTF_8.decode(r.key()) + "@" + batch.producerId() + "/"
                  + batch.producerEpoch());
            }
          }
          continue;
        }
        for (Record r : batch) {
          if (ControlRecordType.parse(r.key()) == ControlRecordType.COMMIT) {
            markers.computeIfAbsent((int) batch.producerEpoch(), k -> new TreeMap<>())
                .put(part, batch.maxTimestamp());
          }
        }
      }
    }
  }

  private static String quantiles(List<Long> v) {
    if (v.isEmpty()) {
      return "–";
    }
    Collections.sort(v);
    return q(v, 0.5) + "/" + q(v, 0.9) + "/" + q(v, 0.99) + "/" + v.get(v.size() - 1);
  }

  private static String skewLine(List<Long> v) {
    if (v.isEmpty()) {
      return "–";
    }
    Collections.sort(v);
    return q(v, 0.01) + "/" + q(v, 0.5) + "/" + q(v, 0.99) + " and " + v.get(0) + "/" + v.get(v.size() - 1);
  }

  private static long q(List<Long> sorted, double p) {
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
  }
}
