package io.tickcast.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: embedded broker, replay of real trades, the pipeline and the live page. With
 * {@code bootstrap.servers} set it runs only the pipeline against that cluster, like {@code run}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Self-contained demo: starts an embedded Kafka broker, replays real BTC/USD trades "
        + "time-compressed, runs the pipeline and serves the live page on the HTTP port. "
        + "With bootstrap.servers set, only the pipeline runs, against that cluster.",
    footer = {"%nExample:%n  tickcast demo --speed 1200 --http-port 8080%n  then open http://localhost:8080/"})
final class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--speed", descriptionKey = "demo.speed", paramLabel = "X",
      description = "Event-time ms replayed per wall-clock ms (demo.speed); 0 = as fast as possible.")
  Double speed;

  @Option(names = "--csv", descriptionKey = "demo.csv", paramLabel = "FILE",
      description = "Trades CSV to replay (demo.csv); default: the bundled Bitstamp week.")
  String csv;

  @Option(names = "--symbol", descriptionKey = "demo.symbol", paramLabel = "S",
      description = "Symbol of rows without a symbol column (demo.symbol).")
  String symbol;

  @Option(names = "--broker-port", descriptionKey = "demo.broker.port", paramLabel = "PORT",
      description = "Port of the embedded broker (demo.broker.port).")
  Integer brokerPort;

  @Option(names = "--data-dir", descriptionKey = "demo.data.dir", paramLabel = "DIR",
      description = "Broker and state directory (demo.data.dir); default: a fresh temp directory.")
  String dataDir;

  @Option(names = "--http-port", descriptionKey = "metrics.port", paramLabel = "PORT",
      description = "HTTP port of the live page, /api, /metrics and /health (metrics.port).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    // As documented for `mvn -Pdemo package`: with a cluster configured, only the pipeline runs.
    Pipelines.pipelineOrDemo(ConfigOverrides.load(spec, common));
    return 0;
  }
}
