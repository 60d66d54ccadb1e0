package io.tickcast.app.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TickParser} (flat-tick scanner, else Jackson tokens) gives exactly the verdicts of the
 * former JsonNode-based parse ({@link ReferenceTickParser}): the same tick, or the same reject
 * reason and (except for malformed JSON, whose detail is Jackson's message) the same detail.
 */
class TickParserParityTest {

  private static final long NOW = 1_700_000_000_000L;
  private final TickParser parser = new TickParser(TickParser.Limits.defaults());
  private final ReferenceTickParser reference = new ReferenceTickParser(TickParser.Limits.defaults());

  static Stream<String> corner() {
    String base = "\"symbol\":\"BTC\",\"ts\":1385337613000,\"price\":800.05,\"size\":0.27";
    return Stream.of(
        "{" + base + "}",
        "{" + base + ",\"id\":\"1173\"}",
        "{" + base + ",\"id\":1173}",
        "{" + base + ",\"id\":-0}",
        "{" + base + ",\"id\":-42}",
        "{" + base + ",\"id\":123456789012345678901234567890}",
        "{" + base + ",\"id\":9223372036854775807}",
        "{" + base + ",\"id\":9223372036854775808}",
        "{" + base + ",\"id\":1e3}",
        "{" + base + ",\"id\":true}",
        "{" + base + ",\"id\":{\"a\":1}}",
        "{" + base + ",\"id\":[1]}",
        "{" + base + ",\"id\":null}",
        "{" + base + ",\"id\":\"\"}",
        "{" + base + ",\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"more\":[]}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"symbol\":\"ETH\"}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"price\":null}",
        "{\"symbol\":null,\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":{\"x\":\"BTC\"},\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":[\"BTC\"],\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":7,\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"  \",\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1.0,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1e3,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":99999999999999999999,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":-9223372036854775808,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":\"2013-11-25T00:00:13Z\",\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":\"2013-11-25T01:00:13+01:00\",\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":\"yesterday\",\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":[1],\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":123456789012345678901234567890,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1e400,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":-Infinity,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":NaN,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":0.1,\"size\":-0.0}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":-0.0,\"size\":0}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":-1e-9}",
        "{\"symbol\":\"" + "S".repeat(40) + "\",\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":\"1\",\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":false}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1} x",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1}{}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":[1,}",
        "{\"symbol\":\"BTC\",\"ts\":01,\"price\":1,\"size\":1}",
        "{\"symbol\":\"B\u00e9\",\"ts\":1,\"price\":1,\"size\":1}",
        " {\n\t\"symbol\" : \"BTC\" ,\r\n \"ts\":1, \"price\" :1.5E+2,\"size\":2e-3 } \n",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1.0e0,\"size\":0.0,\"flag\":true,\"x\":false,\"n\":null}",
        "{\"symbol\":\"B\\u0054C\",\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"t\\u0073\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":\"a\\\"b\"}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":\"\u00e9t\u00e9\"}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":999999999999999999}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":-999999999999999999}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"id\":1000000000000000000}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":0.30000000000000004,\"size\":1.7976931348623157e308}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":4.9e-324,\"size\":1e-400}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":-1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":.5,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1.,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":+1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1e,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":-,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1 \"id\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":nul}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":nullx}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1}}",
        "{\"symbol\":\"BTC\"\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"\":2}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1,\"idx\":\"q\",\"i\":3,\"sizes\":-0}",
        "{\"symbol\":\"BTC\t\",\"ts\":1,\"price\":1,\"size\":1}",
        "{\"symbol\":\"BTC\",\"ts\":1,\"price\":1,\"size\":1",
        "{\"symbol\":\"BTC",
        "{",
        "  ",
        "{}",
        " { } ",
        "[]",
        "\"BTC\"",
        "{nope",
        "");
  }

  @ParameterizedTest
  @MethodSource("corner")
  void agreesWithTheReferenceOnCornerCases(String json) {
    for (String key : new String[] {"BTC", "B\u00e9", "ETH", null}) {
      assertSame(key, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void agreesWithTheReferenceOnRandomMutations() {
    Random rnd = new Random(11);
    List<String> seeds = corner().toList();
    String alphabet = "{}[]\":,0123456789.-+eE nulltruefalseNaNInfinity\\u00e9\u00e9\t\n\r/*'\u007f";
    int checked = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits && b.length() > 0; e++) {
        int at = rnd.nextInt(b.length());
        switch (rnd.nextInt(3)) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
          default -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      assertSame("BTC", b.toString().getBytes(StandardCharsets.UTF_8));
      checked++;
    }
    assertThat(checked).isEqualTo(50_000);
  }

  private void assertSame(String key, byte[] value) {
    TickParser.Result got = parser.parse(key, value, NOW);
    TickParser.Result want = reference.parse(key, value, NOW);
    String input = new String(value, StandardCharsets.UTF_8);
    assertThat(got.tick()).as("tick of %s", input).isEqualTo(want.tick());
    assertThat(got.reason()).as("reason of %s", input).isEqualTo(want.reason());
    if (want.reason() != RejectReason.MALFORMED_JSON) {
      assertThat(got.detail()).as("detail of %s", input).isEqualTo(want.detail());
    }
  }

  @Test
  void theUsualTickIsScannedWithoutJacksonAndOddOnesAreLeftToIt() {
    TickField[] f = {new TickField(), new TickField(), new TickField(), new TickField(), new TickField()};
    byte[] usual = JsonCodecs.tickToJson(new io.tickcast.model.domain.Tick("S00042", 1_385_337_613_123L,
        812.1234, 0.0271, "1173"));
    assertThat(FlatTickScanner.scan(usual, f[0], f[1], f[2], f[3], f[4])).isTrue();
    assertThat(f[0].text).isEqualTo("S00042");
    assertThat(f[1].integer).isEqualTo(1_385_337_613_123L);
    assertThat(f[2].number).isEqualTo(812.1234);
    assertThat(f[3].number).isEqualTo(0.0271);
    assertThat(f[4].text).isEqualTo("1173");
    for (String odd : new String[] {"{\"symbol\":\"B\\u0054C\"}", "{\"id\":1234567890123456789}",
        "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":NaN}", "{\"a\":\"\u00e9\"}", "{} x", "{\"a\":01}"}) {
      assertThat(FlatTickScanner.scan(odd.getBytes(StandardCharsets.UTF_8), f[0], f[1], f[2], f[3], f[4]))
          .as(odd).isFalse();
    }
  }

  @Test
  void theCornerCasesCoverEveryVerdictTheParserCanGive() {
    List<RejectReason> seen = new ArrayList<>();
    corner().forEach(json -> {
      TickParser.Result r = parser.parse("BTC", json.getBytes(StandardCharsets.UTF_8), NOW);
      if (!r.isValid() && !seen.contains(r.reason())) {
        seen.add(r.reason());
      }
    });
    assertThat(seen).contains(RejectReason.MALFORMED_JSON, RejectReason.MISSING_FIELD,
        RejectReason.WRONG_TYPE, RejectReason.NON_FINITE, RejectReason.NON_POSITIVE_PRICE,
        RejectReason.NEGATIVE_SIZE, RejectReason.TIMESTAMP_OUT_OF_RANGE, RejectReason.KEY_MISMATCH,
        RejectReason.SYMBOL_TOO_LONG, RejectReason.EMPTY_VALUE);
  }
}
