package io.tickcast.model;

import io.tickcast.model.online.MixReset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForecasterConfigTest {

  @Test
  void shouldExposeDocumentedDefaults() {
    ForecasterConfig d = ForecasterConfig.defaults();
    assertThat(d.seqLength()).isEqualTo(32);
    assertThat(d.hiddenSize()).isEqualTo(32);
    assertThat(d.batchSize()).isEqualTo(16);
    assertThat(d.refBatchSize()).isEqualTo(16);
    assertThat(d.learningRate()).isEqualTo(3e-3);
    assertThat(d.warmupUpdates()).isEqualTo(10);
    assertThat(d.clipNorm()).isEqualTo(1.0);
    assertThat(d.microBatches()).isEqualTo(2);
    assertThat(d.normHalfLifeBars()).isEqualTo(500);
    assertThat(d.evalWindow()).isEqualTo(500);
    assertThat(d.gateMinSkill()).isEqualTo(0.0);
    assertThat(d.gateMinScored()).isEqualTo(50);
    assertThat(d.ewmaReturnAlpha()).isEqualTo(0.05);
    assertThat(d.riskMetricsLambda()).isEqualTo(0.94);
    assertThat(d.seed()).isEqualTo(42);
    assertThat(ForecasterConfig.FEATURES).isEqualTo(5);
    assertThat(ForecasterConfig.INPUTS).isEqualTo(6);
    assertThat(d.replay()).isEqualTo(new ForecasterConfig.Replay(4, 256, 64));
    assertThat(d.replay().on()).isTrue();
    assertThat(d.bpttLength()).isEqualTo(0);
    assertThat(d.bpttSteps(d.seqLength())).isEqualTo(d.seqLength());
  }

  @Test
  void shouldCapTheBpttLengthAtTheSequenceLengthAndRejectNegatives() {
    ForecasterConfig d = ForecasterConfig.defaults();
    assertThat(d.withBpttLength(8).bpttSteps(32)).isEqualTo(8);
    assertThat(d.withBpttLength(40).bpttSteps(32)).isEqualTo(32);
    assertThat(d.withBpttLength(8).withSeqLength(16).withHiddenSize(4).bpttLength()).isEqualTo(8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withBpttLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bpttLength");
  }

  @Test
  void shouldKeepTheMixResetOffByDefaultAndRejectOutOfRange() {
    ForecasterConfig d = ForecasterConfig.defaults();
    assertThat(d.mixReset().on()).isFalse();
    assertThat(d.mixReset().mode()).isEqualTo(MixReset.Mode.OFF);
    MixReset demote = new MixReset(MixReset.Mode.DEMOTE, 0.5);
    assertThat(d.toBuilder().mixReset(demote).build().withBpttLength(8).mixReset())
        .isEqualTo(demote);
    assertThat(new MixReset(MixReset.Mode.UNIFORM, 0).on()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new MixReset(MixReset.Mode.UNIFORM, 1.01)).hasMessageContaining("mixReset");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new MixReset(MixReset.Mode.DEMOTE, -0.1)).hasMessageContaining("mixReset");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.toBuilder().mixReset(null).build())
        .hasMessageContaining("mixReset");
  }

  @Test
  void shouldRejectInvalidReplaySettingsNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ForecasterConfig.Replay(0, 256, 64))
        .hasMessageContaining("replay.every");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ForecasterConfig.Replay(4, -1, 64))
        .hasMessageContaining("replay.window");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ForecasterConfig.Replay(4, 256, 0))
        .hasMessageContaining("replay.halfLife");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("seqLength", (UnaryOperator<Object[]>) a -> set(a, 0, 0)),
        Arguments.of("hiddenSize", (UnaryOperator<Object[]>) a -> set(a, 1, 0)),
        Arguments.of("batchSize", (UnaryOperator<Object[]>) a -> set(a, 2, -1)),
        Arguments.of("refBatchSize", (UnaryOperator<Object[]>) a -> set(a, 3, 0)),
        Arguments.of("learningRate", (UnaryOperator<Object[]>) a -> set(a, 4, Double.NaN)),
        Arguments.of("warmupUpdates", (UnaryOperator<Object[]>) a -> set(a, 5, -1)),
        Arguments.of("clipNorm", (UnaryOperator<Object[]>) a -> set(a, 6, -0.5)),
        Arguments.of("microBatches", (UnaryOperator<Object[]>) a -> set(a, 7, 0)),
        Arguments.of("normHalfLifeBars", (UnaryOperator<Object[]>) a -> set(a, 8, 0.0)),
        Arguments.of("evalWindow", (UnaryOperator<Object[]>) a -> set(a, 9, 0)),
        Arguments.of("gateMinSkill", (UnaryOperator<Object[]>) a -> set(a, 10,
            Double.POSITIVE_INFINITY)),
        Arguments.of("gateMinScored", (UnaryOperator<Object[]>) a -> set(a, 11, -1)),
        Arguments.of("ewmaReturnAlpha", (UnaryOperator<Object[]>) a -> set(a, 12, 0.0)),
        Arguments.of("riskMetricsLambda", (UnaryOperator<Object[]>) a -> set(a, 13, 1.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void shouldRejectInvalidFieldNamingIt(String field, UnaryOperator<Object[]> mutate) {
    Object[] a = mutate.apply(components(ForecasterConfig.defaults()));
    assertThatThrownBy(() -> build(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " must be");
  }

  @Test
  void shouldCopyEveryComponentItDoesNotChange() {
    // Given a config built without the builder, unlike the defaults in every component
    ForecasterConfig d = ForecasterConfig.defaults();
    ForecasterConfig c = new ForecasterConfig(20, 12, 8, 24, 2e-3, 5, 2.0, 4, 300.0, 400, 0.1,
        40, 0.1, 0.9, 7, d.adapt().withAdaptiveBatch(true),
        new ForecasterConfig.Replay(2, 64, 16.0), 8);

    // When it is copied with no change, and with the seed and B_ref changed
    ForecasterConfig same = c.toBuilder().build();
    ForecasterConfig other = c.toBuilder().seed(99).refBatchSize(32).build();

    // Then the plain copy is equal, and the changed one keeps everything else
    assertThat(same).isEqualTo(c);
    assertThat(other.seed()).isEqualTo(99);
    assertThat(other.refBatchSize()).isEqualTo(32);
    assertThat(other.toBuilder().seed(c.seed()).refBatchSize(c.refBatchSize()).build())
        .isEqualTo(c);
  }

  @Test
  void shouldNameFieldAndValueInMessage() {
    assertThatThrownBy(() -> ForecasterConfig.defaults().withHiddenSize(0))
        .hasMessage("hiddenSize must be >= 1, was 0");
  }

  @Test
  void shouldCapMicroBatchesAtBatchSize() {
    assertThat(ForecasterConfig.defaults().withMicroBatches(64).effectiveMicroBatches())
        .isEqualTo(16);
  }

  private static Object[] set(Object[] a, int i, Object v) {
    a[i] = v;
    return a;
  }

  private static Object[] components(ForecasterConfig c) {
    return new Object[] {c.seqLength(), c.hiddenSize(), c.batchSize(), c.refBatchSize(),
        c.learningRate(), c.warmupUpdates(), c.clipNorm(), c.microBatches(),
        c.normHalfLifeBars(), c.evalWindow(), c.gateMinSkill(), c.gateMinScored(),
        c.ewmaReturnAlpha(), c.riskMetricsLambda(), c.seed()};
  }

  private static ForecasterConfig build(Object[] a) {
    return new ForecasterConfig((int) a[0], (int) a[1], (int) a[2], (int) a[3],
        ((Number) a[4]).doubleValue(), (int) a[5], ((Number) a[6]).doubleValue(), (int) a[7],
        ((Number) a[8]).doubleValue(), (int) a[9], ((Number) a[10]).doubleValue(), (int) a[11],
        ((Number) a[12]).doubleValue(), ((Number) a[13]).doubleValue(), (long) a[14]);
  }
}
