package io.tickcast.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

  @Test
  void shouldReadTheSymbolOfAPathSegmentAsAUriPathNotAForm() {
    // Given raw segments as curl and the live page's encodeURIComponent send them
    // Then a plus stays a plus, percent escapes decode, and a slash may be escaped
    assertThat(ApiHandler.symbolOf("BRK+B")).isEqualTo("BRK+B");
    assertThat(ApiHandler.symbolOf("BRK%2BB")).isEqualTo("BRK+B");
    assertThat(ApiHandler.symbolOf("EUR%2FUSD")).isEqualTo("EUR/USD");
    assertThat(ApiHandler.symbolOf("BTC%20USD")).isEqualTo("BTC USD");
    assertThat(ApiHandler.symbolOf("BTCUSD")).isEqualTo("BTCUSD");
  }
}
