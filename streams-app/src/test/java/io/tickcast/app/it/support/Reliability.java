package io.tickcast.app.it.support;

import io.tickcast.app.config.AppConfig;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;

/** The end-to-end invariants every reliability test checks on the committed output. */
public final class Reliability {

  private Reliability() {}

  /**
   * On {@code bars} and on the forecasts {@code seen} (both read_committed), per symbol of {@code
   * script}: the bars are exactly the script's closed minutes, once each and in order; the
   * forecasts are exactly those bars but the first {@code model.seq.length}, once each and in
   * order; {@code modelVersion} and {@code trainedExamples} never decrease (a restored model
   * never restarts from zero) and training happened.
   */
  public static void assertBarsAndForecasts(String bootstrap, AppConfig config, TickScript script,
      List<ForecastCollector.Seen> seen) {
    int seq = config.model().seqLength();
    Map<String, List<Long>> barEnds = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicReader.readToEnd(bootstrap, config.topics().bars())) {
      if (r.key() == null || !script.symbols().contains(new String(r.key(), StandardCharsets.UTF_8))) {
        continue; // written by users, not made from the script's ticks
      }
      Bar bar = JsonCodecs.barFromJson(r.value());
      barEnds.computeIfAbsent(bar.symbol(), k -> new ArrayList<>()).add(bar.endMs());
    }
    Map<String, List<ForecastCollector.Seen>> forecasts = ForecastCollector.bySymbol(seen.stream()
        .filter(s -> script.symbols().contains(s.forecast().symbol())).toList());
    List<Long> expectedBars = new ArrayList<>(script.expectedBarEnds());
    List<Long> expectedForecasts = new ArrayList<>(script.expectedForecastBarEnds(seq));

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(barEnds.keySet()).as("symbols on bars").containsExactlyInAnyOrderElementsOf(script.symbols());
    softly.assertThat(forecasts.keySet()).as("symbols on forecasts")
        .containsExactlyInAnyOrderElementsOf(script.symbols());
    for (String s : script.symbols()) {
      List<Long> bars = barEnds.getOrDefault(s, List.of());
      softly.assertThat(duplicates(bars)).as("duplicate bars of %s", s).isEmpty();
      softly.assertThat(bars).as("bar ends of %s", s).containsExactlyElementsOf(expectedBars);

      List<ForecastCollector.Seen> fs = forecasts.getOrDefault(s, List.of());
      List<Long> ends = fs.stream().map(f -> f.forecast().barEndMs()).toList();
      softly.assertThat(duplicates(ends)).as("duplicate forecasts (symbol, barEnd) of %s", s).isEmpty();
      softly.assertThat(ends).as("forecast bar ends of %s = bar ends but the first %d", s, seq)
          .containsExactlyElementsOf(bars.size() > seq ? bars.subList(seq, bars.size()) : List.of());
      softly.assertThat(ends).as("forecast bar ends of %s", s).containsExactlyElementsOf(expectedForecasts);
      List<Long> versions = fs.stream().map(f -> f.forecast().modelVersion()).toList();
      List<Long> examples = fs.stream().map(f -> f.forecast().trainedExamples()).toList();
      softly.assertThat(versions).as("modelVersion of %s in offset order", s).isSorted();
      softly.assertThat(examples).as("trainedExamples of %s in offset order", s).isSorted();
      if (!fs.isEmpty()) {
        Forecast last = fs.get(fs.size() - 1).forecast();
        softly.assertThat(last.modelVersion()).as("updates of %s", s).isPositive();
      }
    }
    softly.assertAll();
  }

  static List<Long> duplicates(List<Long> values) {
    Set<Long> once = new HashSet<>();
    TreeSet<Long> twice = new TreeSet<>();
    for (Long v : values) {
      if (!once.add(v)) {
        twice.add(v);
      }
    }
    return new ArrayList<>(twice);
  }

  /** UTF-8 text of a header value, or null. */
  public static String header(ConsumerRecord<?, ?> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
