package io.tickcast.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickcast.app.fixtures.ExportedModel;
import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export round trip: tickcast state → DL4J zip → ModelSerializer → the same forecast. */
class ModelExportTest {

  private static final ForecasterConfig CFG = ForecasterConfig.defaults().withHiddenSize(16);

  @TempDir Path dir;

  private static List<Bar> bars(String symbol, int n) {
    List<Bar> out = new ArrayList<>();
    Random rnd = new Random(17);
    double close = 250;
    for (int i = 0; i < n; i++) {
      double open = close;
      close = open * Math.exp(0.003 * rnd.nextGaussian());
      double hi = Math.max(open, close) * 1.001;
      double lo = Math.min(open, close) * 0.999;
      out.add(new Bar(symbol, i * 60_000L, (i + 1) * 60_000L, open, hi, lo, close,
          1 + rnd.nextInt(20), (hi + lo) / 2, 1 + rnd.nextInt(30)));
    }
    return out;
  }

  /** Feeds {@code bars} to {@code f}; its last forecast. */
  private static Forecast trainOn(SymbolForecaster f, List<Bar> bars) {
    Forecast last = null;
    for (Bar b : bars) {
      BarResult r = f.onBar(b);
      if (r.forecast() != null) {
        last = r.forecast();
      }
    }
    return last;
  }

  @Test
  void shouldGiveTheSameForecastAfterARoundTripThroughModelSerializer() throws Exception {
    // Given a trained forecaster, its last forecast, and its state saved as a backtest saves it
    SymbolForecaster f = SymbolForecaster.create("EXP", CFG);
    Forecast last = trainOn(f, bars("EXP", 300));
    assertThat(f.modelVersion()).isGreaterThan(10);
    Path saved = dir.resolve("state/EXP.zip");
    SavedState.write(f, saved);

    // When it is exported and loaded back with DL4J's own ModelSerializer
    Path zip = dir.resolve("EXP-model.zip");
    ModelExport.Result result = ModelExport.fromSavedState(saved, CFG, zip);
    ExportedModel exported = ExportedModel.load(zip);
    MultiLayerNetwork net = exported.net();
    JsonNode norm = exported.normaliser();

    // Then the network, fed the documented window and transformed as documented, forecasts what
    // tickcast forecast, to float tolerance
    assertThat(result.modelVersion()).isEqualTo(f.modelVersion());
    assertThat(norm.get("format").asText()).isEqualTo("tickcast-normaliser/4");
    double[] forecast = exported.lastForecast();
    assertThat(forecast[0]).isCloseTo(last.modelReturn(),
        within(1e-6 * norm.get("targetSd").asDouble()));
    assertThat(forecast[1]).isCloseTo(last.modelSigma(), within(1e-5 * last.modelSigma()));
    // and the exported parameters and Adam state are tickcast's
    assertThat(net.params().toFloatVector()).containsExactly(
        io.tickcast.model.persistence.ModelCodec.decode(f.modelBytes(), CFG).snapshot().params());
    assertThat(net.getIterationCount()).isEqualTo((int) f.modelVersion());
    assertThat(net.getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotZero();
  }

  @Test
  void shouldShipTheFastSkipSoTheDocumentedTransformGivesTickcastsForecast() throws Exception {
    // Given a forecaster whose model has the learned fast skip (not a DL4J layer)
    ForecasterConfig cfg = CFG.toBuilder().fastSkip(FastSkip.defaults()).build();
    SymbolForecaster f = SymbolForecaster.create("SKP", cfg);
    Forecast last = trainOn(f, bars("SKP", 300));
    TrainerSnapshot model = io.tickcast.model.persistence.ModelCodec.decode(f.modelBytes(), cfg)
        .snapshot();
    double skip = model.skip();
    double gain = model.networkGain();
    assertThat(skip).isNotZero();
    assertThat(gain).isLessThan(1.0);
    Path saved = dir.resolve("state/SKP.zip");
    SavedState.write(f, saved);

    // When it is exported and loaded back
    Path zip = dir.resolve("SKP-model.zip");
    ModelExport.fromSavedState(saved, cfg, zip);
    ExportedModel exported = ExportedModel.load(zip);

    // Then the entry holds the share, and the network plus the documented skip forecasts what
    // tickcast forecast (the network's own output alone would not)
    assertThat(exported.normaliser().get("fastSkip").get(0).asDouble()).isEqualTo(skip);
    assertThat(exported.normaliser().get("fastSkip").get(1).asDouble()).isEqualTo(gain);
    assertThat(exported.lastForecast()[0]).isCloseTo(last.modelReturn(),
        within(1e-6 * exported.normaliser().get("targetSd").asDouble()));
  }

  @Test
  void shouldExportFromRawRecordsAndRefuseAMissingState() throws Exception {
    // Given a forecaster's records as the stream writes them
    SymbolForecaster f = SymbolForecaster.create("RAW", CFG);
    MapStateStore store = new MapStateStore();
    for (Bar b : bars("RAW", 120)) {
      f.onBar(b);
      f.writeState(store);
    }

    // When exported from the raw records, the zip is a loadable DL4J model with its parameters
    File zip = dir.resolve("raw.zip").toFile();
    ModelExport.fromModelStateBytes(f.modelBytes(), "RAW", store, zip.toPath());
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip, true);
    assertThat(net.params().toFloatVector()).containsExactly(
        io.tickcast.model.persistence.ModelCodec.decode(f.modelBytes(), CFG).snapshot().params());

    // Then an export without per-bar state is refused: there is no normaliser to ship
    assertThatThrownBy(() -> ModelExport.fromModelStateBytes(f.modelBytes(), "RAW",
        new MapStateStore(), dir.resolve("none.zip"))).isInstanceOf(ModelException.class)
        .hasMessageContaining("normalise");
  }
}
