package io.tickcast.app.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TickParserTest {

  private static final long NOW = 1_700_000_000_000L;
  private final TickParser parser = new TickParser(TickParser.Limits.defaults());

  private TickParser.Result parse(String key, String json) {
    return parser.parse(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void shouldParseEpochMillisAndIsoTimestampsToTheSameInstant() {
    var a = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":1385337613000,\"price\":800.05,\"size\":0.27}");
    var b = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":\"2013-11-25T00:00:13Z\",\"price\":800.05,\"size\":0.27}");
    var c = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":\"2013-11-25T01:00:13+01:00\",\"price\":800.05,\"size\":0.27}");
    assertThat(a.isValid()).isTrue();
    assertThat(a.tick()).isEqualTo(b.tick()).isEqualTo(c.tick());
    assertThat(a.tick().tsMs()).isEqualTo(1_385_337_613_000L);
  }

  @Test
  void shouldReadAnOptionalTradeIdGivenAsStringOrInteger() {
    var text = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":\"42\"}");
    var number = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":42}");
    var none = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":null}");
    assertThat(text.tick().id()).isEqualTo("42");
    assertThat(number.tick()).isEqualTo(text.tick());
    assertThat(none.tick().hasId()).isFalse();
    // and the serde's JSON keeps it
    var back = parser.parseValue(io.tickcast.app.serde.JsonCodecs.tickToJson(text.tick()), NOW);
    assertThat(back.tick()).isEqualTo(text.tick());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"@ES#", "QCL#", "@ES#C", "0#.FTSE", "#", "ES#B"})
  void shouldAcceptVendorSymbolsHoldingAHashMark(String symbol) {
    // Given a vendor symbol with '#' (IQFeed continuous futures, Refinitiv chain RICs), not a shadow key
    var r = parse(symbol, "{\"symbol\":\"" + symbol + "\",\"ts\":1,\"price\":1,\"size\":1}");
    // Then it is a tick like any other, as in the previous release
    assertThat(r.isValid()).as(r.detail()).isTrue();
    assertThat(r.tick().symbol()).isEqualTo(symbol);
  }

  @Test
  void shouldAcceptATickAFewMinutesAheadOfTheWallClock() {
    // Producers' clocks are NTP-synchronised, but not to the millisecond: within 5 minutes is fine
    var r = parse("BTC", "{\"symbol\":\"BTC\",\"ts\":" + (NOW + 4 * 60_000L) + ",\"price\":1,\"size\":1}");
    assertThat(r.isValid()).as(r.detail()).isTrue();
  }

  @Test
  void shouldTellSymbolKeysFromTheirRowAndShadowKeys() {
    assertThat(SymbolRules.isSymbolKey("@ES#")).isTrue();
    assertThat(SymbolRules.isSymbolKey("0#.FTSE")).isTrue();
    assertThat(SymbolRules.isSymbolKey("@ES#B=4")).isFalse();
    assertThat(SymbolRules.isSymbolKey("@ES#|r0")).isFalse();
  }

  @Test
  void shouldGiveTheSameReasonsForAllSymbolRulesInOneCheck() {
    assertThat(SymbolRules.check("@ES#", 32)).isNull();
    assertThat(SymbolRules.check("X#B=4", 32).reason()).isEqualTo(RejectReason.INVALID_SYMBOL);
    assertThat(SymbolRules.check("X|r0", 32).reason()).isEqualTo(RejectReason.INVALID_SYMBOL);
    assertThat(SymbolRules.check("X".repeat(33), 32).reason()).isEqualTo(RejectReason.SYMBOL_TOO_LONG);
    assertThat(SymbolRules.check("X".repeat(33), 32).detail()).contains("33", "32");
  }

  static Stream<Arguments> badTicks() {
    String big = "{\"symbol\":\"B\",\"ts\":1,\"price\":1,\"size\":1,\"pad\":\"" + "x".repeat(5000) + "\"}";
    return Stream.of(
        Arguments.of("BTC", "{nope", RejectReason.MALFORMED_JSON),
        Arguments.of("BTC", "", RejectReason.EMPTY_VALUE),
        Arguments.of("BTC", null, RejectReason.EMPTY_VALUE),
        Arguments.of("BTC", "[1,2,3]", RejectReason.MALFORMED_JSON),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"price\":1,\"size\":1}", RejectReason.MISSING_FIELD),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":\"1\",\"size\":1}", RejectReason.WRONG_TYPE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":true,\"price\":1,\"size\":1}", RejectReason.WRONG_TYPE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":NaN,\"size\":1}", RejectReason.NON_FINITE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":Infinity}", RejectReason.NON_FINITE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1e999,\"size\":1}", RejectReason.NON_FINITE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":0,\"size\":1}", RejectReason.NON_POSITIVE_PRICE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":-1}", RejectReason.NEGATIVE_SIZE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":-5,\"price\":1,\"size\":1}", RejectReason.TIMESTAMP_OUT_OF_RANGE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":" + (NOW + 2 * 86_400_000L) + ",\"price\":1,\"size\":1}",
            RejectReason.TIMESTAMP_OUT_OF_RANGE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":" + (NOW + 6 * 60_000L) + ",\"price\":1,\"size\":1}",
            RejectReason.TIMESTAMP_OUT_OF_RANGE),
        Arguments.of("ETH", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.KEY_MISMATCH),
        Arguments.of(null, "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.KEY_MISMATCH),
        Arguments.of("S", "{\"symbol\":\"" + "S".repeat(100) + "\",\"ts\":1,\"price\":1,\"size\":1}",
            RejectReason.SYMBOL_TOO_LONG),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1e308}", RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1e31,\"size\":1}", RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1e-31,\"size\":1}", RejectReason.VALUE_OUT_OF_RANGE),
        Arguments.of("..", "{\"symbol\":\"..\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of(".", "{\"symbol\":\".\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("BTC|r0", "{\"symbol\":\"BTC|r0\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("BTC#B=4", "{\"symbol\":\"BTC#B=4\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("X#B=4", "{\"symbol\":\"X#B=4\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("X|r0", "{\"symbol\":\"X|r0\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("B\nC", "{\"symbol\":\"B\\nC\",\"ts\":1,\"price\":1,\"size\":1}", RejectReason.INVALID_SYMBOL),
        Arguments.of("B", big, RejectReason.OVERSIZED),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":\"\"}", RejectReason.WRONG_TYPE),
        Arguments.of("BTC", "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":1.5}", RejectReason.WRONG_TYPE));
  }

  @ParameterizedTest
  @MethodSource("badTicks")
  void shouldRejectWithTheRightReason(String key, String json, RejectReason expected) {
    TickParser.Result r = parse(key, json);
    assertThat(r.isValid()).isFalse();
    assertThat(r.reason()).isEqualTo(expected);
    assertThat(r.detail()).isNotBlank();
  }

  @Test
  void shouldRejectBinaryJunkAsMalformed() {
    byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80};
    assertThat(parser.parse("BTC", junk, NOW).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
  }

  @Test
  void shouldRejectBytesThatAreNotUtf8AsMalformed() {
    // Given a flat tick whose symbol holds a byte that starts no UTF-8 sequence, and one with a
    // valid two-byte sequence (which the byte scanner leaves to Jackson)
    byte[] bad = "{\"symbol\":\"BTC?\",\"ts\":1,\"price\":1.5,\"size\":1}"
        .getBytes(StandardCharsets.US_ASCII);
    bad[14] = (byte) 0xff;
    byte[] good = "{\"symbol\":\"B\u00e9\",\"ts\":1,\"price\":1.5,\"size\":1}"
        .getBytes(StandardCharsets.UTF_8);

    // When parsed
    TickParser.Result r = parser.parse("BTC?", bad, NOW);
    TickParser.Result ok = parser.parse("B\u00e9", good, NOW);

    // Then the first is malformed (not UTF-8), the second a tick
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(r.detail()).isEqualTo("value is not UTF-8 text");
    assertThat(ok.isValid()).isTrue();
    assertThat(ok.tick().symbol()).isEqualTo("B\u00e9");
  }

  @Test
  void shouldAcceptAPresentTickWhateverTheFutureSkewLimit() {
    // Given a future-skew limit so large that now + limit overflows a long (a user's "off")
    TickParser lenient = new TickParser(new TickParser.Limits(4096, 32, Long.MAX_VALUE));
    // When a tick of now is parsed, then it is valid, not out of range
    TickParser.Result r = lenient.parse("BTC",
        ("{\"symbol\":\"BTC\",\"ts\":" + NOW + ",\"price\":1,\"size\":1}").getBytes(StandardCharsets.UTF_8), NOW);
    assertThat(r.isValid()).as(String.valueOf(r.detail())).isTrue();
  }
}
