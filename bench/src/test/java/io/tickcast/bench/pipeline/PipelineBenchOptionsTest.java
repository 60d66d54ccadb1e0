package io.tickcast.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors of the pipeline bench name the option (one line, exit 2 in {@code main}). */
class PipelineBenchOptionsTest {

  private static Map<String, String> defaults() {
    return new HashMap<>(Map.of("ticks", "300000", "symbols", "100,1000",
        "guarantee", "exactly_once_v2", "runs", "baseline,tickcast", "seed", "7", "heap", "2g",
        "mode", "drain", "repeat", "1"));
  }

  @Test
  void shouldAcceptTheDocumentedOptions() {
    Map<String, String> a = defaults();
    a.put("runs", "baseline,tickcast,tickcast@model.replay.every=1000000,floor,floor-parse");
    a.put("keep-broker", "true");
    a.put("rate", "10000");
    assertThatCode(() -> PipelineBench.validate(a, List.of("bar.size=10s"), 4)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ticks|2M|--ticks",
      "symbols|100,,1000|--symbols",
      "mode|replay|--mode",
      "guarantee|exactly_once|--guarantee",
      "repeat|3000000000|--repeat",
      "heap|2 GB|--heap",
      "keep-broker|yes|--keep-broker",
      "tick|5|--tick ",
      "runs|baseline,tickcats|tickcats",
      "runs|nosuchlabel:tickcast|-Dbench.cp.nosuchlabel"})
  void shouldNameTheOptionOfABadValue(String key, String value, String named) {
    Map<String, String> a = defaults();
    a.put(key, value);
    assertThatThrownBy(() -> PipelineBench.validate(a, List.of(), 2)).hasMessageContaining(named);
  }

  @Test
  void shouldRejectAMissingValueAndABadSet() {
    assertThatThrownBy(() -> PipelineBench.validate(defaults(), List.of("bar.size"), 2))
        .hasMessageContaining("--set");
    assertThatThrownBy(() -> PipelineBench.validate(defaults(), List.of(), 3))
        .hasMessageContaining("pairs");
  }
}
