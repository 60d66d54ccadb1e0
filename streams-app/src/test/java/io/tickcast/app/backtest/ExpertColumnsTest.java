package io.tickcast.app.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpertColumnsTest {

  @Test
  void backtestWritesThePublishedMixAndOneWeightRowPerExpert(@TempDir Path dir) throws Exception {
    // Given 300 one-minute bars of AR(1) returns
    List<Bar> bars = new ArrayList<>();
    Random rnd = new Random(3);
    double close = 100;
    double r = 0;
    for (int i = 0; i < 300; i++) {
      r = 0.5 * r + 0.001 * rnd.nextGaussian();
      double open = close;
      close = open * Math.exp(r);
      long start = 1_700_000_000_000L + i * 60_000L;
      bars.add(new Bar("X", start, start + 60_000, open, Math.max(open, close),
          Math.min(open, close), close, 1, close, 1));
    }
    ForecasterConfig cfg = ForecasterConfig.defaults().withSeqLength(4).withHiddenSize(4)
        .withBatchSize(4);

    // When they are backtested
    new Backtest(cfg).run(bars, dir, s -> { });

    // Then forecasts.csv carries the published mix and the weights, summing to 1
    List<String> f = Files.readAllLines(dir.resolve("forecasts.csv"));
    List<String> header = List.of(f.get(0).split(","));
    assertThat(header).contains("published_return", "published_sigma", "published_skill",
        "w_lstm", "w_linear", "w_naive", "w_momentum", "w_linear_slow", "w_sign_split");
    String[] last = f.get(f.size() - 1).split(",");
    double sum = 0;
    for (String e : List.of("w_lstm", "w_linear", "w_naive", "w_momentum", "w_linear_slow",
        "w_sign_split")) {
      sum += Double.parseDouble(last[header.indexOf(e)]);
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    // And experts.csv has six rows (one per expert) per scored forecast
    List<String> x = Files.readAllLines(dir.resolve("experts.csv"));
    assertThat(x.get(0)).isEqualTo("ts,symbol,expert,weight");
    assertThat(x.size() - 1).isEqualTo(6 * (f.size() - 1));
    assertThat(x.get(x.size() - 1)).startsWith(last[0] + ",X,sign_split,");
  }
}
