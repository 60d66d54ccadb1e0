package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.features.EwNormalizer;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network's fast input: where it sits in a row, its units, and its bounds. */
class BarFeaturesTest extends ModelTestBase {

  @Test
  void shouldAppendTheFastForecastInLabelUnitsAfterTheBarFeatures() {
    // Given features that have seen some bars
    List<Bar> bars = SyntheticBars.ar1("BF", 60, 0.3, 0.002, 5);
    BarFeatures features = fed(bars.subList(0, 59), 0.0);

    // When the next bar is folded in with a linear forecast of 0.001
    advance(features, bars.get(59), 0.001);

    // Then its row holds the five normalised bar features, then that forecast standardised with
    // the target statistics the row's label will be normalised with (after this bar)
    EwNormalizer t = features.target();
    double expected = (0.001 - t.mean(0)) / t.sd(0);
    assertThat(features.ring().width()).isEqualTo(ForecasterConfig.INPUTS);
    assertThat((double) features.ring().value(0, ForecasterConfig.FEATURES))
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(expected).isNotZero();
  }

  @Test
  void shouldClipAnAbsurdFastForecastAndZeroANonFiniteOne() {
    List<Bar> bars = SyntheticBars.ar1("BF", 30, 0.3, 0.002, 6);
    BarFeatures features = fed(bars.subList(0, 29), 1e6);
    assertThat((double) features.ring().value(0, ForecasterConfig.FEATURES))
        .isEqualTo(EwNormalizer.CLIP);

    advance(features, bars.get(29), Double.NaN);
    assertThat(features.ring().value(0, ForecasterConfig.FEATURES)).isZero();
  }

  @Test
  void shouldSpeedTheNormalisersUpAfterAVolatilityDropAndOnlyThen() {
    // Given the default normalisers (half-life 500 bars) and 700 bars of i.i.d. returns with a
    // 0.4 % sd, then 400 bars with a 0.1 % sd (a fourfold drop), labelled as the forecaster does
    ForecasterConfig cfg = ForecasterConfig.defaults();
    java.util.Random rnd = new java.util.Random(11);
    BarFeatures features = BarFeatures.fresh(cfg);
    double close = 100.0;
    int fired = 0;
    int firedBeforeDrop = 0;
    double sdAfter300 = Double.NaN;
    boolean firingAtEnd = true;
    for (int i = 0; i < 1100; i++) {
      double vol = i < 700 ? 0.004 : 0.001;
      Bar b = io.tickcast.model.fixtures.SyntheticBars.bar("VD", i, close, vol * rnd.nextGaussian(),
          vol, rnd);
      close = b.close();
      if (i == 0) {
        features.accept(b);
        continue;
      }
      double[] x = features.extract(b);
      features.label(x[0]);
      boolean dropped = features.volatilityDropped();
      fired += dropped ? 1 : 0;
      firedBeforeDrop += dropped && i < 700 ? 1 : 0;
      features.advance(b, x, x[0], new double[] {0.0});
      if (i == 1000) {
        sdAfter300 = features.target().sd(0);
      }
      firingAtEnd = dropped;
    }

    // Then the test never fires on the stationary stretch, fires after the drop, and the target
    // normaliser follows the new scale within 300 bars (a 500-bar half-life alone would still
    // read ≈ 0.33 %), after which the test switches itself off
    assertThat(firedBeforeDrop).isZero();
    assertThat(fired).isPositive();
    assertThat(sdAfter300).isLessThan(0.002);
    assertThat(firingAtEnd).isFalse();
  }

  @Test
  void shouldScaleTheTargetMeanWithItsSdOnlyWhileTheDropResponseHolds() throws Exception {
    // Given the drop scenario above, fed to the default features and to ones whose target mean
    // is scaled during the response; the latter also written and restored mid-response
    ForecasterConfig scaledCfg = ForecasterConfig.defaults().toBuilder()
        .volDrop(new ForecasterConfig.VolDrop(0, ForecasterConfig.VolDrop.TargetMean.SCALED,
            false)).build();
    java.util.Random rnd = new java.util.Random(11);
    BarFeatures plain = BarFeatures.fresh(ForecasterConfig.defaults());
    BarFeatures scaled = BarFeatures.fresh(scaledCfg);
    BarFeatures restored = null;
    double close = 100.0;
    int held = 0;
    for (int i = 0; i < 1100; i++) {
      double vol = i < 700 ? 0.004 : 0.001;
      Bar b = io.tickcast.model.fixtures.SyntheticBars.bar("VD", i, close, vol * rnd.nextGaussian(),
          vol, rnd);
      close = b.close();
      if (i == 0) {
        plain.accept(b);
        scaled.accept(b);
        continue;
      }
      if (i == 760) {
        MapStateStore rows = new MapStateStore();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        scaled.writeTo(new java.io.DataOutputStream(bytes));
        scaled.writeAllRows(rows);
        restored = BarFeatures.readFrom(new java.io.DataInputStream(
            new java.io.ByteArrayInputStream(bytes.toByteArray())), scaledCfg, scaled.barsSeen(),
            scaled.lastEndMs(), rows);
      }
      double[] x = plain.extract(b);
      plain.label(x[0]);
      scaled.label(x[0]);
      double meanInSd = scaled.target().mean(0) / scaled.target().sd(0);
      plain.advance(b, x, x[0], new double[] {0.0});
      scaled.advance(b, x, x[0], new double[] {0.0});
      if (restored != null) {
        restored.label(x[0]);
        restored.advance(b, x, x[0], new double[] {0.0});
        assertThat(restored.target().mean(0)).isEqualTo(scaled.target().mean(0));
        assertThat(restored.target().sd(0)).isEqualTo(scaled.target().sd(0));
      }
      if (i < 700) {
        // Then before the drop (the response never holds) the two are bit-identical
        assertThat(scaled.target().mean(0)).isEqualTo(plain.target().mean(0));
        assertThat(scaled.target().sd(0)).isEqualTo(plain.target().sd(0));
      } else if (scaled.droppedOnLastAdvance()) {
        // and while it holds the scaled mean keeps its size in sd units (the plain one does not)
        held++;
        assertThat(scaled.target().mean(0) / scaled.target().sd(0))
            .isCloseTo(meanInSd, org.assertj.core.api.Assertions.within(1e-9));
      }
    }
    // and the scale follows the drop as fast as the plain response's, and restores identically
    assertThat(held).isPositive();
    assertThat(scaled.target().sd(0)).isLessThan(0.002);
    assertThat(scaled.target().sd(0)).isCloseTo(plain.target().sd(0),
        org.assertj.core.api.Assertions.within(0.2 * plain.target().sd(0)));
  }

  @Test
  void shouldLimitTheReplayToTheSequencesAfterADropResponseOnlyOnceItEnded() throws Exception {
    // Given the drop scenario above with the default features (the horizon is asked with a floor)
    ForecasterConfig cfg = ForecasterConfig.defaults();
    java.util.Random rnd = new java.util.Random(11);
    BarFeatures features = BarFeatures.fresh(cfg);
    double close = 100.0;
    boolean limitedBeforeOrDuring = false;
    int firstLimited = -1;
    int lastHeld = -1;
    int horizonAfter120 = -1;
    for (int i = 0; i < 1100; i++) {
      double vol = i < 700 ? 0.004 : 0.001;
      Bar b = io.tickcast.model.fixtures.SyntheticBars.bar("VD", i, close, vol * rnd.nextGaussian(),
          vol, rnd);
      close = b.close();
      if (i == 0) {
        features.accept(b);
        continue;
      }
      double[] x = features.extract(b);
      features.label(x[0]);
      // (the step is taken here, between the label and the advance)
      int horizon = features.afterDropHorizon(48);
      assertThat(features.afterDropHorizon(0)).isEqualTo(Integer.MAX_VALUE);
      boolean holds = features.volatilityDropped();
      if (horizon != Integer.MAX_VALUE) {
        firstLimited = firstLimited < 0 ? i : firstLimited;
        assertThat(horizon).isGreaterThanOrEqualTo(48);
        if (i == firstLimited + 120) {
          horizonAfter120 = horizon;
        }
      }
      limitedBeforeOrDuring |= horizon != Integer.MAX_VALUE && (i < 700 || holds);
      lastHeld = holds ? i : lastHeld;
      features.advance(b, x, x[0], new double[] {0.0});
    }
    // Then never before the drop nor while the response holds; right after it ended, with the
    // floor, then growing one per bar (the response's sequences and the T-1 after them left out)
    assertThat(limitedBeforeOrDuring).isFalse();
    assertThat(lastHeld).isGreaterThan(700);
    assertThat(firstLimited).isEqualTo(lastHeld + 1);
    assertThat(horizonAfter120).isEqualTo(121 - cfg.seqLength() + 1);
  }

  /** Features after {@code bars} (the first only seeds the close), each with {@code fast}. */
  private static BarFeatures fed(List<Bar> bars, double fast) {
    BarFeatures features = BarFeatures.fresh(smallConfig());
    features.accept(bars.get(0));
    for (Bar b : bars.subList(1, bars.size())) {
      advance(features, b, fast);
    }
    return features;
  }

  private static void advance(BarFeatures features, Bar b, double fast) {
    double[] x = features.extract(b);
    features.advance(b, x, x[0], new double[] {fast});
  }
}
