package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.SyntheticBars;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The volatility-drop response's log-sigma fold ({@code ForecasterConfig.VolDrop#foldSigma}): it
 * changes nothing until the response holds, then keeps the LSTM's sigma in return units, and a
 * forecaster restored mid-response makes the same decisions.
 */
class VolDropFoldTest {

  @Test
  void shouldFoldOnlyWhileTheDropResponseHoldsAndRestoreToTheSameDecisions() {
    // Given a default forecaster and one with the fold, on AR(1) bars whose sd drops fourfold
    // at bar 700; the folded one also saved and restored at bar 780
    ForecasterConfig plainCfg = ForecasterConfig.defaults();
    ForecasterConfig foldCfg = plainCfg.toBuilder().volDrop(new ForecasterConfig.VolDrop(0,
        ForecasterConfig.VolDrop.TargetMean.FAST, true)).build();
    SymbolForecaster plain = SymbolForecaster.create("VF", plainCfg);
    SymbolForecaster folded = SymbolForecaster.create("VF", foldCfg);
    SymbolForecaster restored = null;
    Random rnd = new Random(3);
    double close = 100;
    double prev = 0;
    int foldOnlyWrites = 0;
    double plainSigma = 0;
    double foldSigma = 0;
    for (int i = 0; i < 900; i++) {
      double vol = i < 700 ? 0.004 : 0.001;
      double r = 0.4 * prev + vol * rnd.nextGaussian();
      prev = r;
      Bar b = SyntheticBars.bar("VF", i, close, r, vol, rnd);
      close = b.close();
      if (i == 780) {
        restored = SymbolForecaster.restore("VF", foldCfg, folded.fullState(),
            folded.modelBytes());
      }
      BarResult p = plain.onBar(b);
      BarResult f = folded.onBar(b);
      if (restored != null) {
        Forecast g = restored.onBar(b).forecast();
        assertThat(g.modelSigma()).isEqualTo(f.forecast().modelSigma());
        assertThat(g.modelReturn()).isEqualTo(f.forecast().modelReturn());
      }
      if (i < 700) {
        // Then before the drop the two are the same forecaster
        assertThat(folded.modelBytes()).isEqualTo(plain.modelBytes());
      } else if (f.forecast() != null && i < 800) {
        foldOnlyWrites += f.step() == null && f.modelChanged() && !f.extra().ran() ? 1 : 0;
        plainSigma += p.forecast().modelSigma();
        foldSigma += f.forecast().modelSigma();
      }
    }
    // and after it the fold ran on bars without a step, keeping the LSTM's sigma higher
    assertThat(foldOnlyWrites).isPositive();
    assertThat(foldSigma).isGreaterThan(plainSigma);
  }
}
