package io.tickcast.app.cli;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.export.ModelExport;
import io.tickcast.model.ModelException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: writes a symbol's trained model as a standard DL4J model zip (restorable with
 * {@code ModelSerializer.restoreMultiLayerNetwork}) with the feature/target normaliser as the
 * JSON entry {@code tickcast-normaliser.json}. The model comes from the latest records of the
 * configured application's changelogs (read_committed; a running or stopped instance), or from a
 * backtest's saved final state. Writes only the output file, so it needs no admin switch.
 */
@Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Exports a symbol's trained model as a DL4J model zip with its normaliser.",
    footer = {"%nExample:%n  tickcast export --symbol BTCUSD --out btcusd.zip "
        + "--bootstrap-servers 127.0.0.1:9092",
        "  tickcast export --symbol BTCUSD --from-backtest target/bt --out btcusd.zip"})
final class ExportCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--symbol", required = true, paramLabel = "S", description = "Symbol whose model to export.")
  String symbol;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Zip file to write.")
  Path out;

  @Option(names = "--from-backtest", paramLabel = "DIR",
      description = "Take the model from a backtest output directory (DIR/state/S.zip) instead of the "
          + "changelogs.")
  Path fromBacktest;

  @Mixin ClientClusterOption cluster;

  @Override
  public Integer call() throws Exception {
    AppConfig config = ConfigOverrides.load(spec, common);
    ModelExport.Result r;
    try {
      if (fromBacktest != null) {
        Path saved = fromBacktest.resolve("state").resolve(symbol + ".zip");
        InputFiles.requireFile("--from-backtest", saved);
        r = ModelExport.fromSavedState(saved, config.model(), out);
      } else {
        String bootstrap = ConfigOverrides.bootstrapOrDemo(config);
        r = ModelExport.fromChangelogs(bootstrap, config.applicationId(), config.model(), symbol, out);
      }
    } catch (ModelException e) {
      throw new UserException("--symbol " + symbol + ": " + e.getMessage(), e);
    }
    LOG.info("exported {} (model version {}, {} bars seen) to {}", r.symbol(), r.modelVersion(),
        r.barsSeen(), r.file());
    return 0;
  }
}
