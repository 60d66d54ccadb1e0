package io.tickcast.app.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.kernel.GaussianNll;
import io.tickcast.model.network.Dl4jExport;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.pipeline.BarFeatures;
import io.tickcast.model.pipeline.StateStore;
import io.tickcast.model.training.FastSkip;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes a symbol's model, as tickcast persisted it, to a standard DL4J model zip (see
 * {@link Dl4jExport}) with the feature/target normaliser as the JSON entry
 * {@value #NORMALISER_ENTRY}. The plain-Java API behind {@code tickcast export}:
 * <ul>
 *   <li>{@link #fromModelStateBytes}: from the raw records (a model record and the symbol's
 *       per-bar state records);
 *   <li>{@link #fromChangelogs}: from a running (or stopped) instance, reading the latest records
 *       of the two changelog topics, read_committed ({@link ChangelogReader});
 *   <li>{@link #fromSavedState}: from a backtest's saved final state ({@link SavedState}).
 * </ul>
 * The normaliser JSON has {@code format = "tickcast-normaliser/4"} and documents itself: the
 * feature order, the input layout, the statistics, the output transform and the window the last
 * forecast used. Stateless and thread-safe.
 */
public final class ModelExport {

  /** Name of the normaliser entry in the zip. */
  public static final String NORMALISER_ENTRY = "tickcast-normaliser.json";
  /** The bar features, in the order of the network's first input channels. */
  public static final List<String> FEATURES =
      List.of("log_return", "log_range", "log_volume", "log_ticks", "log_close_vwap");
  /** All input channels: the bar features, then the linear expert's forecast. */
  public static final List<String> INPUTS = List.of("log_return", "log_range", "log_volume",
      "log_ticks", "log_close_vwap", "linear_forecast");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ModelExport() {}

  /** What was exported. */
  public record Result(Path file, String symbol, long modelVersion, long barsSeen) {}

  /**
   * Exports from raw records.
   *
   * @param cfg the configuration the records were written with (its T and H must match the model)
   * @param modelRecord the model store's value for the symbol
   * @param state the symbol's per-bar records (main record under {@code ""}, rows under
   *     {@code r<slot>}), as {@link SymbolForecaster#writeState} wrote them
   * @throws ModelException if the records cannot be decoded
   * @throws IOException if the file cannot be written
   */
  public static Result fromModelStateBytes(ForecasterConfig cfg, String symbol, byte[] modelRecord,
      StateStore state, Path out) throws IOException {
    int[] arch = ModelCodec.architecture(modelRecord);
    if (arch[0] != cfg.seqLength() || arch[1] != cfg.hiddenSize()) {
      cfg = cfg.withSeqLength(arch[0]).withHiddenSize(arch[1]);
    }
    ForecasterConfig c = cfg;
    SymbolForecaster f = SymbolForecaster.restore(symbol, c, state, modelRecord);
    if (f.barsSeen() == 0) {
      throw new ModelException("no per-bar state for " + symbol + ": nothing to normalise with");
    }
    TrainerSnapshot snapshot = ModelCodec.decode(modelRecord, c).snapshot();
    MultiLayerNetwork net = Dl4jExport.network(c, snapshot);
    Dl4jExport.write(net, Map.of(NORMALISER_ENTRY, normaliserJson(c, f, snapshot)), out);
    return new Result(out, symbol, f.modelVersion(), f.barsSeen());
  }

  /** {@link #fromModelStateBytes} with the model record's own T and H and default settings. */
  public static Result fromModelStateBytes(byte[] modelRecord, String symbol, StateStore state,
      Path out) throws IOException {
    return fromModelStateBytes(ForecasterConfig.defaults(), symbol, modelRecord, state, out);
  }

  /**
   * Exports from the changelog topics of an instance with {@code applicationId} (the latest
   * committed records of the symbol's keys).
   */
  public static Result fromChangelogs(String bootstrapServers, String applicationId,
      ForecasterConfig cfg, String symbol, Path out) throws IOException {
    ChangelogReader.Records r = ChangelogReader.read(bootstrapServers, applicationId, symbol);
    if (r.model() == null) {
      throw new ModelException("no model record for '" + symbol + "' in the changelog of "
          + applicationId);
    }
    return fromModelStateBytes(cfg, symbol, r.model(), r.state(), out);
  }

  /** Exports from a backtest's saved final state of one symbol ({@link SavedState#write}). */
  public static Result fromSavedState(Path saved, ForecasterConfig cfg, Path out)
      throws IOException {
    SavedState s = SavedState.read(saved);
    return fromModelStateBytes(cfg, s.symbol(), s.model(), s.state(), out);
  }

  /** The normaliser entry (see the class comment). */
  static byte[] normaliserJson(ForecasterConfig cfg, SymbolForecaster f, TrainerSnapshot model)
      throws IOException {
    BarFeatures features = f.features();
    EwNormalizer fn = features.features();
    EwNormalizer tn = features.target();
    double[] mean = new double[FEATURES.size()];
    double[] sd = new double[FEATURES.size()];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = fn.mean(i);
      sd[i] = fn.sd(i);
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("format", "tickcast-normaliser/4");
    j.put("symbol", f.symbol());
    j.put("features", INPUTS);
    j.put("seqLength", cfg.seqLength());
    j.put("input", "float32 [n, 6, T] (NCW): channel f < 5 at step t is feature f of bar t, oldest"
        + " bar first; each value is (x - featureMean[f]) / featureSd[f] clamped to +-clip, with"
        + " the statistics as they were when that bar was appended (update after normalising)."
        + " Channel 5 (linear_forecast) is tickcast's linear expert's (online AR(5) by RLS)"
        + " forecast of the next log return made after bar t, as (forecast - targetMean) /"
        + " targetSd clamped to +-clip, with the target statistics after bar t; lastWindow holds"
        + " it for the last forecast");
    j.put("clip", EwNormalizer.CLIP);
    j.put("halfLifeBars", cfg.normHalfLifeBars());
    j.put("featureMean", mean);
    j.put("featureSd", sd);
    j.put("targetMean", tn.mean(0));
    j.put("targetSd", tn.sd(0));
    j.put("output", "out = network.output(window): mu = clamp(gain * out[0] + skip, +-clip),"
        + " logSigma = clamp(out[1], +-logSigmaClamp); next-bar log return = targetMean +"
        + " targetSd * mu, its sigma = targetSd * exp(logSigma). skip = fastSkip[0] *"
        + " window[5][T-1]: the learned skip from the linear forecast (input 5 at the last step)"
        + " to the mean, which the DL4J network does not hold; 0 when fastSkip is empty"
        + " (model.fast.skip=false). gain = fastSkip[1], the learned gain on the network's mean;"
        + " 1 when fastSkip has fewer than 2 values (model.fast.skip.gain.forgetting=0)");
    j.put("fastSkip", FastSkip.coefficients(model.skipState()));
    j.put("logSigmaClamp", GaussianNll.LOG_SIGMA_CLAMP);
    j.put("lastWindow", lastWindow(features, cfg.seqLength()));
    j.put("barsSeen", f.barsSeen());
    j.put("lastBarEndMs", features.lastEndMs());
    j.put("modelVersion", f.modelVersion());
    return MAPPER.writeValueAsBytes(j);
  }

  /** The normalised window {@code [F][T]} tickcast's last forecast used (empty if none yet). */
  private static float[][] lastWindow(BarFeatures features, int seqLength) {
    if (!features.canForecast()) {
      return new float[0][];
    }
    SequenceRing ring = features.ring();
    float[][] w = new float[INPUTS.size()][seqLength];
    for (int f = 0; f < w.length; f++) {
      for (int t = 0; t < seqLength; t++) {
        w[f][t] = ring.value(seqLength - 1 - t, f);
      }
    }
    return w;
  }
}
