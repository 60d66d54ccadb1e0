package io.tickcast.app.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppSerdesTest {

  private static final String T = "topic";

  private static <V> V roundTrip(Serde<V> serde, V value) {
    return serde.deserializer().deserialize(T, serde.serializer().serialize(T, value));
  }

  @Test
  void shouldRoundTripTick() {
    Tick t = new Tick("BTCUSD", 1_385_337_600_000L, 800.01, 0.27838049);
    assertThat(roundTrip(AppSerdes.tick(), t)).isEqualTo(t);
  }

  @Test
  void shouldRoundTripBar() {
    Bar b = new Bar("BTCUSD", 0, 60_000, 100, 105, 95, 101, 12.5, 100.5, 42);
    assertThat(roundTrip(AppSerdes.bar(), b)).isEqualTo(b);
  }

  @Test
  void shouldRoundTripForecast() {
    Forecast f = new Forecast("BTCUSD", 60_000, 1, 0.001, 101.1, 0.02, 101.0, 7, 112,
        Forecast.Source.BASELINE, -0.0005, 0.019, true);
    assertThat(roundTrip(AppSerdes.forecast(), f)).isEqualTo(f);
  }

  @Test
  void shouldRoundTripForecastWithExpertWeightsAndSkill() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("lstm", 0.1);
    w.put("linear", 0.6);
    w.put("naive", 0.3);
    Forecast f = new Forecast("BTCUSD", 60_000, 1, 0.001, 101.1, 0.02, 101.0, 7, 112,
        Forecast.Source.LINEAR, -0.0005, 0.019, false, true, w, -0.0125);
    Forecast back = roundTrip(AppSerdes.forecast(), f);
    assertThat(back).isEqualTo(f);
    assertThat(back.weights().keySet()).containsExactly("lstm", "linear", "naive");
    assertThat(back.publishedSkill()).isEqualTo(-0.0125);
  }

  @Test
  void shouldReadAForecastOfTheEarlierFormatWithoutWeights() {
    String old = "{\"symbol\":\"X\",\"barEnd\":60000,\"horizon\":1,\"predictedReturn\":0.0,"
        + "\"predictedPrice\":1.0,\"sigma\":0.01,\"lastPrice\":1.0,\"modelVersion\":0,"
        + "\"trainedExamples\":0,\"source\":\"baseline\",\"modelReturn\":0.0,"
        + "\"modelSigma\":0.01,\"rolledBack\":false}";
    Forecast f = AppSerdes.forecast().deserializer().deserialize(T,
        old.getBytes(StandardCharsets.UTF_8));
    assertThat(f.weights()).isEmpty();
    assertThat(f.publishedSkill()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[0.5]", "{\"lstm\":\"x\"}"})
  void shouldRejectForecastWithCorruptWeights(String weights) {
    String json = "{\"symbol\":\"X\",\"barEnd\":60000,\"horizon\":1,\"predictedReturn\":0.0,"
        + "\"predictedPrice\":1.0,\"sigma\":0.01,\"lastPrice\":1.0,\"modelVersion\":0,"
        + "\"trainedExamples\":0,\"source\":\"model\",\"modelReturn\":0.0,"
        + "\"modelSigma\":0.01,\"rolledBack\":false,\"weights\":" + weights + "}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AppSerdes.forecast().deserializer().deserialize(T, bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldRoundTripBarAccumulator() {
    BarAccumulator a = new BarAccumulator()
        .add(new Tick("X", 5, 10, 1))
        .add(new Tick("X", 1, 9, 2))
        .add(new Tick("X", 9, 11, 0.5));
    BarAccumulator back = roundTrip(AppSerdes.barAccumulator(), a);
    assertThat(back.toBar("X", 0, 10)).isEqualTo(a.toBar("X", 0, 10));
    assertThat(back.openTs()).isEqualTo(1);
    assertThat(back.closeTs()).isEqualTo(9);
  }

  @Test
  void shouldMapNullToNullBothWays() {
    for (Serde<?> s : new Serde<?>[] {AppSerdes.tick(), AppSerdes.bar(), AppSerdes.forecast(),
        AppSerdes.barAccumulator()}) {
      assertThat(s.deserializer().deserialize(T, null)).isNull();
      assertThat(serializeNull(s)).isNull();
    }
  }

  @SuppressWarnings("unchecked")
  private static byte[] serializeNull(Serde<?> s) {
    return ((Serde<Object>) s).serializer().serialize(T, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,2]", "{\"symbol\":\"X\"}", "\u0000\u0001binary", "{\"symbol\":\"X\",\"start\":0,"
      + "\"end\":60000,\"open\":1,\"high\":0.5,\"low\":1,\"close\":1}"})
  void shouldRejectCorruptBarBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AppSerdes.bar().deserializer().deserialize(T, bytes))
        .isInstanceOf(SerializationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"symbol\":\"X\",\"ts\":1,\"price\":-1,\"size\":1}", "garbage"})
  void shouldRejectCorruptTickBytes(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AppSerdes.tick().deserializer().deserialize(T, bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldRejectCorruptForecastBytes() {
    assertThatThrownBy(() -> AppSerdes.forecast().deserializer().deserialize(T, new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldRejectAccumulatorWithWrongVersionOrLength() {
    byte[] good = AppSerdes.barAccumulator().serializer().serialize(T, new BarAccumulator().add(new Tick("X", 1, 1, 1)));
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 99;
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> AppSerdes.barAccumulator().deserializer().deserialize(T, wrongVersion))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 99");
    assertThatThrownBy(() -> AppSerdes.barAccumulator().deserializer().deserialize(T, truncated))
        .isInstanceOf(SerializationException.class);
  }
}
