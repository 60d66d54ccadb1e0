package io.tickcast.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    assertThatCode(() -> PipelineBench.validate(a, List.of("bar.size=10s"), 4)).doesNotThrowAnyException();
  }

  @Test
  void shouldNameTheOptionOfABadValue() {
    Map<String, String> a = defaults();
    a.put("ticks", "2M");
    assertThatThrownBy(() -> PipelineBench.validate(a, List.of(), 2)).hasMessageContaining("--ticks");
    Map<String, String> b = defaults();
    b.put("symbols", "100,,1000");
    assertThatThrownBy(() -> PipelineBench.validate(b, List.of(), 2)).hasMessageContaining("--symbols");
    Map<String, String> c = defaults();
    c.put("mode", "replay");
    assertThatThrownBy(() -> PipelineBench.validate(c, List.of(), 2)).hasMessageContaining("--mode");
    assertThatThrownBy(() -> PipelineBench.validate(defaults(), List.of("bar.size"), 2))
        .hasMessageContaining("--set");
    assertThatThrownBy(() -> PipelineBench.validate(defaults(), List.of(), 3))
        .hasMessageContaining("pairs");
    Map<String, String> r = defaults();
    r.put("repeat", "3000000000");
    assertThatThrownBy(() -> PipelineBench.validate(r, List.of(), 2)).hasMessageContaining("--repeat");
    Map<String, String> h = defaults();
    h.put("heap", "2 GB");
    assertThatThrownBy(() -> PipelineBench.validate(h, List.of(), 2)).hasMessageContaining("--heap");
    Map<String, String> k = defaults();
    k.put("keep-broker", "yes");
    assertThatThrownBy(() -> PipelineBench.validate(k, List.of(), 2)).hasMessageContaining("--keep-broker");
    Map<String, String> d = defaults();
    d.put("tick", "5");
    assertThatThrownBy(() -> PipelineBench.validate(d, List.of(), 2)).hasMessageContaining("--tick ");
  }

  @Test
  void shouldRejectUnknownRunKindsAndMissingOtherBuilds() {
    Map<String, String> a = defaults();
    a.put("runs", "baseline,tickcats");
    assertThatThrownBy(() -> PipelineBench.validate(a, List.of(), 2))
        .hasMessageContaining("--runs").hasMessageContaining("tickcats");
    Map<String, String> b = defaults();
    b.put("runs", "nosuchlabel:tickcast");
    assertThatThrownBy(() -> PipelineBench.validate(b, List.of(), 2))
        .hasMessageContaining("-Dbench.cp.nosuchlabel");
  }
}
