package io.tickcast.model;

import io.tickcast.model.fixtures.BarFeed;
import io.tickcast.model.fixtures.TwinRun;
import io.tickcast.model.training.FastSkip;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlatNightsProbeTest {
  @Test
  void probe() {
    StringBuilder out = new StringBuilder();
    for (int gapSd : new int[] {6, 4}) {
      for (long seed = 4; seed <= 9; seed++) {
        out.append("gap ").append(gapSd).append(" seed ").append(seed);
        for (double mu : new double[] {0, FastSkip.GAIN_FORGETTING}) {
          ForecasterConfig cfg = ForecasterConfig.defaults().withFastSkip(
              FastSkip.defaults().withGainForgetting(mu));
          BarFeed feed = new BarFeed("FN", 100);
          TwinRun run = new TwinRun("FN", cfg, 97);
          run.feed(feed.first());
          Random rnd = new Random(seed);
          double prev = 0;
          for (int day = 0; day < 5; day++) {
            for (int t = 0; t < 390; t++) {
              double r = t == 0 ? (rnd.nextBoolean() ? gapSd : -gapSd) * 1e-3
                  : 0.5 * prev + 1e-3 * rnd.nextGaussian();
              prev = r;
              run.feed(feed.next(r));
            }
            int closed = day == 2 ? 3_930 : 1_050;
            for (int t = 0; t < closed; t++) {
              run.feed(feed.flat());
            }
          }
          long before = run.rolledBack();
          Random a = new Random(11);
          prev = 0;
          for (int t = 0; t < 3000; t++) {
            double r = 0.5 * prev + 1e-3 * a.nextGaussian();
            prev = r;
            run.feed(feed.next(r));
          }
          out.append(" mu ").append(mu).append(": total ").append(run.rolledBack())
              .append(" after ").append(run.rolledBack() - before);
        }
        out.append('\n');
        System.err.print("PROBE " + out);
        out.setLength(0);
      }
    }
  }
}
