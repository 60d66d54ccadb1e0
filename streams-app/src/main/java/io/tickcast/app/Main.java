package io.tickcast.app;

import io.tickcast.app.backtest.BarCsv;
import io.tickcast.app.backtest.Backtest;
import io.tickcast.app.backtest.BatchSizeStudy;
import io.tickcast.app.broker.EmbeddedKafkaBroker;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.config.ConfigException;
import io.tickcast.app.feed.TickFeeder;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Tick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. Commands:
 *
 * <ul>
 *   <li>{@code run} (default; {@code demo} is an alias): with {@code bootstrap.servers}
 *       configured, runs the pipeline against that cluster. Without it, runs the self-contained
 *       demo: an embedded single-node KRaft broker on {@code demo.broker.port}, the topics, a
 *       time-compressed replay of real trades, and the pipeline.
 *   <li>{@code feed --csv FILE [--symbol S] [--speed N] [--topic T]}: replays a trades CSV into
 *       the ticks topic of {@code bootstrap.servers} (default 127.0.0.1:9092).
 * </ul>
 *
 * <p>{@code --config FILE} names the properties file (else {@code $TICKCAST_CONFIG}). Main only
 * loads config, builds, starts and waits for shutdown (Ctrl-C / SIGTERM).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String BUNDLED_TRADES = "/data/bitstamp_btcusd_trades_20131125_20131201.csv.gz";

  private Main() {}

  public static void main(String[] args) throws Exception {
    Deque<String> rest = new ArrayDeque<>(java.util.List.of(args));
    String command = rest.isEmpty() || rest.peekFirst().startsWith("--") ? "run" : rest.removeFirst();
    Map<String, String> opts = options(rest);
    AppConfig config;
    try {
      config = AppConfigLoader.load(Optional.ofNullable(opts.remove("config")).map(Path::of), System.getenv());
    } catch (ConfigException e) {
      LOG.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    switch (command) {
      case "run", "demo" -> run(config);
      case "feed" -> feed(config, opts);
      case "backtest" -> backtest(config, opts);
      default -> {
        LOG.error("unknown command '{}': use run (default), demo, feed or backtest", command);
        System.exit(2);
      }
    }
  }

  private static void run(AppConfig config) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    if (config.bootstrapServers().isPresent()) {
      String bootstrap = config.bootstrapServers().get();
      LOG.info("running the pipeline against {}", bootstrap);
      TickcastService service = TickcastService.start(config, bootstrap);
      onShutdown(() -> {
        service.close();
        stopped.countDown();
      });
      stopped.await();
      return;
    }
    Path dataDir = config.demo().dataDir().isPresent()
        ? Files.createDirectories(config.demo().dataDir().get())
        : Files.createTempDirectory("tickcast-demo-");
    LOG.info("no bootstrap.servers configured: starting the demo (embedded broker, data in {})", dataDir);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"),
        config.demo().brokerPort(), Map.of());
    AppConfig demoConfig = withStateDir(config, dataDir.resolve("streams"));
    TickcastService service = TickcastService.start(demoConfig, broker.bootstrapServers());
    LOG.info("consume forecasts with: kcat -b {} -t {} -C", broker.bootstrapServers(),
        config.topics().forecasts());
    Producer<String, Tick> producer = TickFeeder.newProducer(broker.bootstrapServers(),
        Serdes.String().serializer(), AppSerdes.tick().serializer());
    TickFeeder feeder = new TickFeeder(producer, config.topics().ticks(), config.demo().speed(),
        TickFeeder.loggingProgress(LoggerFactory.getLogger("tickcast.feed")));
    Thread replay = new Thread(() -> replay(config, feeder), "tickcast-demo-feed");
    replay.setDaemon(true);
    replay.start();
    onShutdown(() -> {
      feeder.stop();
      try {
        replay.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close();
      service.close();
      broker.close();
      stopped.countDown();
    });
    stopped.await();
  }

  private static void replay(AppConfig config, TickFeeder feeder) {
    try (TradeCsv csv = openTrades(config.demo().csv(), config.demo().symbol())) {
      long total = config.demo().csv().isPresent()
          ? TradeCsv.countRows(config.demo().csv().get())
          : TradeCsv.countResourceRows(BUNDLED_TRADES);
      TickFeeder.Result r = feeder.feed(csv, total);
      LOG.info("replay finished: {} ticks in {}; the pipeline keeps running until Ctrl-C", r.sent(),
          r.elapsed());
    } catch (IOException | RuntimeException e) {
      LOG.error("demo replay failed", e);
    }
  }

  private static TradeCsv openTrades(Optional<Path> csv, String symbol) throws IOException {
    return csv.isPresent() ? TradeCsv.open(csv.get(), symbol) : TradeCsv.openResource(BUNDLED_TRADES, symbol);
  }

  private static void feed(AppConfig config, Map<String, String> opts) throws IOException {
    String csvArg = opts.remove("csv");
    if (csvArg == null) {
      LOG.error("feed needs --csv FILE");
      System.exit(2);
      return;
    }
    String bootstrap = config.bootstrapServers().orElse("127.0.0.1:" + config.demo().brokerPort());
    String topic = opts.getOrDefault("topic", config.topics().ticks());
    String symbol = opts.getOrDefault("symbol", config.demo().symbol());
    double speed = opts.containsKey("speed") ? Double.parseDouble(opts.get("speed")) : 0;
    Path csvPath = Path.of(csvArg);
    try (Producer<String, Tick> producer = TickFeeder.newProducer(bootstrap,
            Serdes.String().serializer(), AppSerdes.tick().serializer());
        TradeCsv csv = TradeCsv.open(csvPath, symbol)) {
      TickFeeder feeder = new TickFeeder(producer, topic, speed,
          TickFeeder.loggingProgress(LoggerFactory.getLogger("tickcast.feed")));
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(feeder::stop, "tickcast-feed-stop"));
      TickFeeder.Result r = feeder.feed(csv, TradeCsv.countRows(csvPath));
      LOG.info("fed {} ticks to {} on {} in {} ({} bad rows skipped{})", r.sent(), topic, bootstrap,
          r.elapsed(), csv.badRows(), csv.badRows() > 0 ? ", first at lines " + csv.firstBadLines() : "");
      if (main.isInterrupted()) {
        LOG.warn("feed interrupted");
      }
    }
  }

  /**
   * {@code backtest --csv FILE --format trades|bars [--symbol-column symbol] [--symbol S]
   * [--batch-size N] [--bar-size 1m] --out DIR}: the stream's model code on a file, no Kafka.
   */
  private static void backtest(AppConfig config, Map<String, String> opts) throws IOException {
    String csvArg = opts.get("csv");
    String outArg = opts.get("out");
    String format = opts.getOrDefault("format", "bars");
    if (csvArg == null || outArg == null || !(format.equals("trades") || format.equals("bars"))) {
      LOG.error("usage: backtest --csv FILE --format trades|bars [--symbol-column symbol] [--symbol S] "
          + "[--batch-size N | --batch-sizes 1,4,16,64,256,adaptive] [--adaptive true] [--bar-size 1m|1d] --out DIR");
      System.exit(2);
      return;
    }
    ForecasterConfig model = config.model();
    if (opts.containsKey("batch-size")) {
      model = model.withBatchSize(Integer.parseInt(opts.get("batch-size")));
    }
    if (opts.containsKey("adaptive")) {
      model = model.withAdapt(model.adapt().withAdaptiveBatch(Boolean.parseBoolean(opts.get("adaptive"))));
    }
    String symbol = opts.getOrDefault("symbol", config.demo().symbol());
    Path csv = Path.of(csvArg);
    List<Bar> bars;
    if (format.equals("trades")) {
      Duration barSize = opts.containsKey("bar-size") ? AppConfigLoader.parseDuration(opts.get("bar-size"))
          : config.barSize();
      try (TradeCsv trades = TradeCsv.open(csv, symbol)) {
        bars = Backtest.barsFromTrades(trades, barSize, config.barGrace(), config.dedupTicks());
        LOG.info("{} trades ({} bad rows) -> {} bars of {}", trades.ticksRead(), trades.badRows(),
            bars.size(), barSize);
      }
    } else {
      Duration barSize = AppConfigLoader.parseDuration(opts.getOrDefault("bar-size", "1d"));
      BarCsv.Result r = BarCsv.read(csv, opts.getOrDefault("symbol-column", "symbol"), symbol, barSize);
      bars = r.bars();
      LOG.info("{} bars read ({} bad rows skipped{})", bars.size(), r.badRows(),
          r.badRows() > 0 ? ", first at lines " + r.firstBadLines() : "");
    }
    if (opts.containsKey("batch-sizes")) {
      System.setProperty("java.awt.headless", "true");
      List<String> variants = List.of(opts.get("batch-sizes").split(","));
      for (BatchSizeStudy.Row row : BatchSizeStudy.run(model, variants, bars, Path.of(outArg),
          msg -> LOG.info("{}", msg))) {
        Backtest.Stats st = row.stats();
        LOG.info("B={}: skill {} (published {}), qlike {}, mean loss {}, mean B_simple {}, updates {}, "
                + "train ms p50 {}, drifts {}, recoveries {}", row.variant(), fmt(st.skill()),
            fmt(st.skillPublished()), fmt(st.qlikeModel()), fmt(st.meanLoss()), fmt(st.meanNoiseScale()),
            st.updates(), fmt(st.trainMsP50()), st.drifts(), st.recoveries());
      }
      LOG.info("study written to {}/study.csv and study.png", outArg);
      return;
    }
    Backtest.Summary s = new Backtest(model).run(bars, Path.of(outArg), msg -> LOG.info("{}", msg));
    Backtest.Stats o = s.overall();
    LOG.info("backtest done: n={} skill={} (mse model {} naive {} ewma {}), updates={}; files in {}",
        o.n(), String.format(java.util.Locale.ROOT, "%.4f", o.skill()), o.mseModel(), o.mseNaive(), o.mseEwma(),
        o.updates(), outArg);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  private static AppConfig withStateDir(AppConfig c, Path stateDir) {
    return new AppConfig(c.bootstrapServers(), c.applicationId(), stateDir, c.topics(),
        c.topicPartitions(), c.topicReplicationFactor(), c.createTopics(), c.barSize(), c.barGrace(),
        c.processingGuarantee(), c.numStreamThreads(), c.numStandbyReplicas(), c.model(),
        c.shadowBatchSizes(),
        c.tickLimits(), c.dedupTicks(), c.metricsPort(), c.metricsMaxSymbols(), c.statusInterval(), c.demo(),
        c.kafkaOverrides());
  }

  private static void onShutdown(Runnable action) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      action.run();
      LOG.info("stopped cleanly");
    }, "tickcast-shutdown"));
  }

  /** {@code --key value} and {@code --key=value} pairs. */
  private static Map<String, String> options(Deque<String> args) {
    Map<String, String> out = new HashMap<>();
    while (!args.isEmpty()) {
      String a = args.removeFirst();
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String k = a.substring(2);
      int eq = k.indexOf('=');
      if (eq >= 0) {
        out.put(k.substring(0, eq), k.substring(eq + 1));
      } else {
        if (args.isEmpty()) {
          throw new IllegalArgumentException("option --" + k + " needs a value");
        }
        out.put(k, args.removeFirst());
      }
    }
    return out;
  }
}
