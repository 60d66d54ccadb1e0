package io.tickcast.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLimitsTest {

  private static final int MIB = 1024 * 1024;

  @ParameterizedTest
  @ValueSource(ints = {4, 32})
  void shouldPredictTheRecordSizeOfARealTrainedModel(int h) {
    // Given a model of hidden size h trained on enough bars to have stepped (Adam's moments exist)
    ForecasterConfig cfg = AppConfigLoader.fromLayers(Map.of("model.seq.length", "8",
        "model.batch.size", "4", "model.hidden.size", String.valueOf(h)), Map.of()).model();
    SymbolForecaster f = SymbolForecaster.create("X", cfg);
    for (int i = 0; i < 40; i++) {
      double p = 100 + Math.sin(i / 3.0);
      f.onBar(new Bar("X", i * 60_000L, (i + 1) * 60_000L, p, p + 0.5, p - 0.5, p + 0.1, 10, p, 5));
    }
    assertThat(f.modelVersion()).as("optimizer steps").isPositive();
    // Then its record is exactly the predicted size
    assertThat(f.modelBytes()).hasSize((int) ModelLimits.recordBytes(h));
  }

  @Test
  void shouldKeepTheBoundAt128WithKafkasDefaultRequestSize() {
    assertThat(ModelLimits.maxRequestSize(Map.of())).isEqualTo(MIB);
    assertThat(ModelLimits.maxHiddenSize(MIB)).isEqualTo(128);
    assertThat(ModelLimits.checkHiddenSize(128, Map.of())).isEqualTo(128);
    assertThatThrownBy(() -> ModelLimits.checkHiddenSize(129, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'model.hidden.size': must be <= 128, was 129")
        .hasMessageContaining("kafka.producer.max.request.size")
        .hasMessageContaining("kafka.topic.max.message.bytes");
  }

  @Test
  void shouldFollowTheProducersMaxRequestSize() {
    // Given the producer's max.request.size raised to 4 MiB, and the changelog topic's limit with it
    Map<String, String> kafka = Map.of("producer.max.request.size", String.valueOf(4 * MIB),
        "topic.max.message.bytes", String.valueOf(8 * MIB));
    // Then the bound is the largest H whose record fills at most 80 % of it
    int max = ModelLimits.maxHiddenSize(4 * MIB);
    assertThat(max).isGreaterThan(128);
    assertThat(ModelLimits.recordBytes(max)).isLessThanOrEqualTo((long) (0.8 * 4 * MIB));
    assertThat(ModelLimits.recordBytes(max + 1)).isGreaterThan((long) (0.8 * 4 * MIB));
    assertThat(ModelLimits.checkHiddenSize(max, kafka)).isEqualTo(max);
    assertThatThrownBy(() -> ModelLimits.checkHiddenSize(max + 1, kafka)).isInstanceOf(ConfigException.class);
    // The producer. prefix wins over the plain key, as in Kafka Streams
    assertThat(ModelLimits.maxRequestSize(Map.of("max.request.size", "2097152", "producer.max.request.size", "3145728")))
        .isEqualTo(3 * MIB);
    assertThat(ModelLimits.maxRequestSize(Map.of("max.request.size", "2097152"))).isEqualTo(2 * MIB);
  }

  @Test
  void shouldRefuseARecordTheChangelogTopicWouldRefuseWhenOnlyTheRequestSizeIsRaised() {
    // Given only the producer's max.request.size raised to 4 MiB (the topic keeps Kafka's default)
    Map<String, String> kafka = Map.of("producer.max.request.size", String.valueOf(4 * MIB));
    // Then H = 200 (a 1.95 MB record the broker would refuse at every write) is refused, naming the topic key
    assertThat(ModelLimits.recordLimit(kafka).bytes()).isEqualTo(MIB + 12);
    assertThatThrownBy(() -> ModelLimits.checkHiddenSize(200, kafka))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be <= 128, was 200")
        .hasMessageContaining("the changelog topic's max.message.bytes (1048588 B, kafka.topic.max.message.bytes)");
    // And with the topic's limit raised too, it is accepted
    assertThat(ModelLimits.checkHiddenSize(200, Map.of("producer.max.request.size", String.valueOf(4 * MIB),
        "topic.max.message.bytes", String.valueOf(4 * MIB)))).isEqualTo(200);
  }

  @Test
  void shouldBoundByTheProducersBufferMemoryWhenTheOtherLimitsAreHuge() {
    // Given both size limits far beyond the producer's default buffer.memory (32 MiB)
    Map<String, String> kafka = Map.of("max.request.size", String.valueOf(Integer.MAX_VALUE),
        "topic.max.message.bytes", String.valueOf(Integer.MAX_VALUE));
    int max = ModelLimits.maxHiddenSize(32L * MIB);
    assertThat(max).isLessThan(ModelLimits.MAX_HIDDEN_SIZE);
    // Then a record that buffer.memory cannot hold is refused, naming that key
    assertThatThrownBy(() -> ModelLimits.checkHiddenSize(max + 1, kafka))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be <= " + max)
        .hasMessageContaining("the producer's buffer.memory (33554432 B, kafka.producer.buffer.memory)");
    assertThat(ModelLimits.checkHiddenSize(max, kafka)).isEqualTo(max);
  }

  @Test
  void shouldRefuseAnAbsurdHiddenSizeWhateverTheRequestSize() {
    String huge = String.valueOf(Integer.MAX_VALUE);
    Map<String, String> kafka = Map.of("max.request.size", huge, "topic.max.message.bytes", huge, "buffer.memory", huge);
    assertThat(ModelLimits.maxHiddenSize(Integer.MAX_VALUE)).isEqualTo(ModelLimits.MAX_HIDDEN_SIZE);
    assertThatThrownBy(() -> ModelLimits.checkHiddenSize(2_000_000_000, kafka))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be <= " + ModelLimits.MAX_HIDDEN_SIZE);
  }

  @Test
  void shouldNameABadRequestSizeByItsKafkaKey() {
    assertThatThrownBy(() -> ModelLimits.maxRequestSize(Map.of("max.request.size", "lots")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("kafka.max.request.size"));
    assertThatThrownBy(() -> ModelLimits.recordLimit(Map.of("topic.max.message.bytes", "-1")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("kafka.topic.max.message.bytes"));
  }

  @Test
  void shouldFollowSizesAConfigProviderHolds(@TempDir Path dir) throws IOException {
    // Given both size limits raised to 4 MiB through a file config provider (bytes=4194304)
    Path secrets = ConfigProviderFixture.secrets(dir);
    Map<String, String> kafka = kafkaKeys(ConfigProviderFixture.layer(secrets, Map.of(
        "kafka.producer.max.request.size", "${file:SECRETS:bytes}", "kafka.topic.max.message.bytes", "${file:SECRETS:bytes}")));
    // Then the bound is the one of the resolved sizes (exit 2 at config load before:
    // "must be a positive integer (bytes), was '${file:…}'")
    assertThat(ModelLimits.recordLimit(kafka).bytes()).isEqualTo(4 * MIB);
    assertThat(ModelLimits.checkHiddenSize(200, kafka)).isEqualTo(200);
    // And through the whole loader too
    assertThat(AppConfigLoader.fromLayers(ConfigProviderFixture.layer(secrets, Map.of("model.hidden.size", "200",
        "kafka.producer.max.request.size", "${file:SECRETS:bytes}", "kafka.topic.max.message.bytes", "${file:SECRETS:bytes}")),
        Map.of()).model().hiddenSize()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"max.request.size", "buffer.memory", "topic.max.message.bytes"})
  void shouldBoundByKafkasDefaultWhenAProviderVariableCannotBeResolvedHere(String key) {
    // Given a size whose variable no provider resolves at config load (Kafka Streams refuses or
    // resolves it when it starts: this is not the place to refuse it)
    Map<String, String> kafka = Map.of(key, "${env:TICKCAST_TEST_UNSET_SIZE}");
    // Then it is not refused, and the bound is the one of Kafka's defaults (exit 2 before)
    assertThat(ModelLimits.recordLimit(kafka).bytes()).isEqualTo(MIB);
    assertThat(ModelLimits.checkHiddenSize(128, kafka)).isEqualTo(128);
  }

  /** The {@code kafka.*} keys of {@code layer}, prefix removed (as the loader gives them to ModelLimits). */
  private static Map<String, String> kafkaKeys(Map<String, String> layer) {
    Map<String, String> out = new java.util.HashMap<>();
    layer.forEach((k, v) -> {
      if (k.startsWith("kafka.")) {
        out.put(k.substring("kafka.".length()), v);
      }
    });
    return out;
  }
}
