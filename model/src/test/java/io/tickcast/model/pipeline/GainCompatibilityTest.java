package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.SyntheticBars;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.Learner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The previous release's model (the fast skip without the network's gain, ModelCodec v3)
 * restores under the gain (the default since 2026-12-03) as the same function: g = 1.
 */
class GainCompatibilityTest extends ModelTestBase {

  /**
   * {@code v3/state-f38d607.txt} was written by release f38d607 ({@code
   * v3/WriteV3FixtureTest.java.txt}, run in that release's model tests; its
   * {@code SymbolForecaster} on {@code SyntheticBars.ar1("V3", 260, 0.3, 0.002, 11)} with its
   * {@code smallConfig()}, the skip on, state written every bar): every state record and the
   * model record after bar 199,
   * its θ, the outputs of its learner restored from that model record on 8 seeded standard-normal
   * sequences ({@code new Random(5)}, T = 8), then that release's model
   * forecasts for bars 200..259 (raw bits of modelReturn and modelSigma, and the model version).
   */
  @Test
  void shouldRestoreThePreviousReleasesSkipWithGainOneAsTheSameFunction()
      throws IOException {
    // Given the previous release's bytes after 200 bars: a version-3 model record
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/v3/state-f38d607.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
    MapStateStore store = new MapStateStore();
    byte[] model = null;
    double theta = Double.NaN;
    List<String[]> expected = new ArrayList<>();
    List<String[]> predicted = new ArrayList<>();
    for (String l : lines) {
      int eq = l.indexOf('=');
      String value = l.substring(eq + 1);
      if (l.startsWith("state:")) {
        store.put(l.substring("state:".length(), eq), Base64.getDecoder().decode(value));
      } else if (l.startsWith("model=")) {
        model = Base64.getDecoder().decode(value);
      } else if (l.startsWith("skip=")) {
        theta = Double.longBitsToDouble(Long.parseLong(value));
      } else if (l.startsWith("predict=")) {
        predicted.add(value.split(","));
      } else {
        expected.add(value.split(","));
      }
    }
    assertThat(model[0]).as("model format version of the fixture").isEqualTo((byte) 3);
    assertThat(expected).hasSize(60);

    // When this release restores them at its defaults (with the gain)
    SymbolForecaster f = SymbolForecaster.restore("V3", smallConfig(), store, model);
    Learner learner = Learner.restored(smallConfig(), Learner.Backend.KERNEL,
        ModelCodec.decode(model, smallConfig()).snapshot());

    // Then θ is the stored one, g is 1, and the model is the same function: its outputs on the
    // fixture's seeded inputs are the previous release's, bit for bit
    assertThat(f.fastSkip()).isEqualTo(theta).isNotZero();
    assertThat(f.networkGain()).isEqualTo(1.0);
    Random rnd = new Random(5);
    float[] x = new float[8 * ForecasterConfig.INPUTS * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    double[][] out = learner.predict(x, 8);
    assertThat(predicted).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(out[i][0]).isEqualTo(Double.longBitsToDouble(Long.parseLong(predicted.get(i)[0])));
      assertThat(out[i][1]).isEqualTo(Double.longBitsToDouble(Long.parseLong(predicted.get(i)[1])));
    }

    // When it sees the next 60 bars
    long restored = f.modelVersion();
    List<Bar> bars = SyntheticBars.ar1("V3", 260, 0.3, 0.002, 11);
    int firstStep = -1;
    double maxDiffSd = 0;
    for (int i = 0; i < 60; i++) {
      BarResult r = f.onBar(bars.get(200 + i));
      f.writeState(store);
      Forecast fc = r.forecast();
      String[] old = expected.get(i);
      double oldReturn = Double.longBitsToDouble(Long.parseLong(old[1]));
      double oldSigma = Double.longBitsToDouble(Long.parseLong(old[2]));
      if (firstStep < 0 && fc.modelVersion() > restored) {
        firstStep = i;
      }
      // Then it steps when the previous release stepped, and its forecasts move away from that
      // release's only as g leaves 1 (the network's parameters and θ follow the same path)
      assertThat(fc.modelVersion()).as("bar %d", 200 + i).isEqualTo(Long.parseLong(old[3]));
      maxDiffSd = Math.max(maxDiffSd, Math.abs(fc.modelReturn() - oldReturn) / oldSigma);
    }
    LoggerFactory.getLogger(GainCompatibilityTest.class).info("GAIN compatibility: first step"
        + " at bar {}, g {} after 60 bars, largest forecast difference since {} sigmas",
        200 + firstStep, f.networkGain(), maxDiffSd);

    // and g is learnt (it moved) and the record is version 4
    assertThat(firstStep).isBetween(0, 59);
    assertThat(maxDiffSd).isPositive();
    assertThat(f.networkGain()).isNotEqualTo(1.0).isBetween(0.0, 1.0);
    assertThat(f.modelBytes()[0]).isEqualTo((byte) 4);
  }
}
