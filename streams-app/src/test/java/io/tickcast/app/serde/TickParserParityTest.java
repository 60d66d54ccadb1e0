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
 * The token-level {@link TickParser} gives exactly the verdicts of the former JsonNode-based parse
 * ({@link ReferenceTickParser}): the same tick, or the same reject reason and (except for
 * malformed JSON, whose detail is Jackson's message) the same detail.
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
        "{}",
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
    String alphabet = "{}[]\":,0123456789.-+eE nulltruefalseNaNInfinity\\u00e9\u00e9";
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
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
    assertThat(checked).isEqualTo(20_000);
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
