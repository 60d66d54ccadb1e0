package io.tickcast.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: writes a symbol's model for use outside the stream. The export API is built in
 * parallel (model core redesign); until it is wired here this command fails with exit code 1.
 */
@Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Exports a symbol's trained model (not available in this build).",
    footer = {"%nExample:%n  tickcast export --symbol BTCUSD --from-backtest target/bt --out btcusd.model"})
final class ExportCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--symbol", required = true, paramLabel = "S", description = "Symbol whose model to export.")
  String symbol;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  Path out;

  @Option(names = "--from-backtest", paramLabel = "DIR",
      description = "Take the model from a backtest output directory instead of the state stores.")
  Path fromBacktest;

  @Override
  public Integer call() {
    throw new IllegalStateException("export is not available in this build");
  }
}
