package io.tickcast.app.cli;

import io.tickcast.app.TickcastService;
import io.tickcast.app.broker.EmbeddedKafkaBroker;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.feed.TickFeeder;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.model.domain.Tick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running modes: the pipeline against a cluster, and the self-contained demo (embedded
 * KRaft broker, topics, time-compressed replay of real trades, pipeline). Both block until
 * shutdown (Ctrl-C / SIGTERM) and release what they started in reverse order.
 */
final class Pipelines {

  private static final Logger LOG = LoggerFactory.getLogger(Pipelines.class);
  static final String BUNDLED_TRADES = "/data/bitstamp_btcusd_trades_20131125_20131201.csv.gz";

  private Pipelines() {}

  /** With {@code bootstrap.servers}, the pipeline against that cluster; without, the demo. */
  static void pipelineOrDemo(AppConfig config) throws IOException, InterruptedException {
    if (config.bootstrapServers().isPresent()) {
      pipeline(config, config.bootstrapServers().get());
    } else {
      demo(config);
    }
  }

  /** Runs against {@code bootstrap.servers} until shutdown. */
  static void pipeline(AppConfig config, String bootstrap) throws InterruptedException {
    LOG.info("running the pipeline against {}", bootstrap);
    CountDownLatch stopped = new CountDownLatch(1);
    TickcastService service = TickcastService.start(config, bootstrap);
    onShutdown(() -> {
      service.close();
      stopped.countDown();
    });
    stopped.await();
  }

  /** Runs the demo until shutdown. */
  static void demo(AppConfig config) throws IOException, InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    // Opened here, so a bad file is a user error before the broker starts, not a log line later.
    TradeCsv trades = config.demo().csv().isPresent()
        ? InputFiles.openTrades("demo.csv", config.demo().csv().get(), config.demo().symbol())
        : TradeCsv.openResource(BUNDLED_TRADES, config.demo().symbol());
    try {
      startDemo(config, trades, stopped);
    } catch (IOException | RuntimeException e) {
      trades.close(); // the replay thread, which closes it, never started
      throw e;
    }
    stopped.await();
  }

  /**
   * Starts the demo's broker, service and replay of {@code trades}; counts {@code stopped} down at
   * shutdown. If a step fails (a bad {@code kafka.*} value, a busy HTTP port), what already started
   * is closed again, newest first, and a data directory created here is deleted: a broker left
   * running would keep its ports and log files until the JVM exits, uncleanly.
   */
  private static void startDemo(AppConfig config, TradeCsv trades, CountDownLatch stopped) throws IOException {
    boolean tempDir = config.demo().dataDir().isEmpty();
    Path dataDir = tempDir
        ? Files.createTempDirectory("tickcast-demo-")
        : Files.createDirectories(config.demo().dataDir().get());
    Deque<Runnable> started = new ArrayDeque<>();
    try {
      LOG.info("starting the demo (embedded broker, data in {})", dataDir);
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"),
          config.demo().brokerPort(), Map.of());
      started.push(broker::close);
      TickcastService service = TickcastService.start(config.withStateDir(dataDir.resolve("streams")),
          broker.bootstrapServers());
      started.push(service::close);
      LOG.info("live page on http://localhost:{}/ ; consume forecasts with: kcat -b {} -t {} -C",
          service.httpPort(), broker.bootstrapServers(), config.topics().forecasts());
      Producer<String, Tick> producer = TickFeeder.newProducer(broker.bootstrapServers(),
          Serdes.String().serializer(), AppSerdes.tick().serializer());
      started.push(producer::close);
      TickFeeder feeder = new TickFeeder(producer, config.topics().ticks(), config.demo().speed(),
          TickFeeder.loggingProgress(LoggerFactory.getLogger("tickcast.feed")));
      Thread replay = new Thread(() -> replay(config, feeder, trades), "tickcast-demo-feed");
      replay.setDaemon(true);
      // The hook before the thread: once the replay runs it owns the trades file.
      onShutdown(() -> {
        feeder.stop();
        try {
          replay.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        closeNewestFirst(started, null);
        stopped.countDown();
      });
      replay.start();
    } catch (RuntimeException e) {
      LOG.info("the demo did not start; stopping what it started");
      closeNewestFirst(started, e);
      if (tempDir) {
        deleteQuietly(dataDir, e);
      }
      throw e;
    }
  }

  /** Runs and empties {@code started}, newest first; a failure is added to {@code cause} if given. */
  private static void closeNewestFirst(Deque<Runnable> started, Throwable cause) {
    while (!started.isEmpty()) {
      try {
        started.pop().run();
      } catch (RuntimeException e) {
        if (cause == null) {
          LOG.warn("closing a part of the demo failed", e);
        } else {
          cause.addSuppressed(e);
        }
      }
    }
  }

  private static void deleteQuietly(Path dir, Throwable cause) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static void replay(AppConfig config, TickFeeder feeder, TradeCsv trades) {
    try (TradeCsv csv = trades) {
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

  private static void onShutdown(Runnable action) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      action.run();
      LOG.info("stopped cleanly");
    }, "tickcast-shutdown"));
  }
}
