package io.tickcast.app.cli;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.feed.TickFeeder;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.model.domain.Tick;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code feed}: replays a trades CSV into the ticks topic of a cluster. */
@Command(name = "feed", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Replays a trades CSV (plain or gzip) into the ticks topic.",
    footer = {"%nExample:%n  tickcast feed --csv trades.csv.gz --symbol BTCUSD --speed 600 "
        + "--bootstrap-servers 127.0.0.1:9092"})
final class FeedCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(FeedCommand.class);

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Trades CSV to replay.")
  Path csv;

  @Option(names = "--symbol", paramLabel = "S",
      description = "Symbol of rows without a symbol column; default: the file name.")
  String symbol;

  @Option(names = "--speed", paramLabel = "X", defaultValue = "0",
      description = "Event-time ms replayed per wall-clock ms; 0 = as fast as possible.")
  double speed;

  @Option(names = "--topic", descriptionKey = "topic.ticks", paramLabel = "TOPIC",
      description = "Topic to write (topic.ticks).")
  String topic;

  @Mixin ClientClusterOption cluster;

  @Override
  public Integer call() throws Exception {
    if (Double.isNaN(speed) || speed < 0) {
      throw new UserException("--speed: must be >= 0 (0 = as fast as possible), was " + speed);
    }
    AppConfig config = ConfigOverrides.load(spec, common);
    String bootstrap = ConfigOverrides.bootstrapOrDemo(config);
    String topicName = config.topics().ticks();
    try (TradeCsv trades = InputFiles.openTrades("--csv", csv, symbol != null ? symbol : InputFiles.symbolOf(csv));
        Producer<String, Tick> producer = TickFeeder.newProducer(bootstrap,
            Serdes.String().serializer(), AppSerdes.tick().serializer())) {
      TickFeeder feeder = new TickFeeder(producer, topicName, speed,
          TickFeeder.loggingProgress(LoggerFactory.getLogger("tickcast.feed")));
      Runtime.getRuntime().addShutdownHook(new Thread(feeder::stop, "tickcast-feed-stop"));
      TickFeeder.Result r = feeder.feed(trades, TradeCsv.countRows(csv));
      LOG.info("fed {} ticks to {} on {} in {} ({} bad rows skipped{})", r.sent(), topicName, bootstrap,
          r.elapsed(), trades.badRows(), trades.badRows() > 0 ? ", first at lines " + trades.firstBadLines() : "");
    } catch (IOException | UncheckedIOException e) {
      // Kafka's failures are KafkaExceptions: an I/O error here is the input file's
      throw InputFiles.unreadable("--csv", csv, e);
    }
    return 0;
  }
}
