package io.tickcast.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/symbols} merges the instances' summaries: right after a rebalance a moved symbol is
 * in this instance's cached summaries and in its new owner's, and must be listed once.
 */
class SymbolsMergeTest {

  private static ApiViews.SymbolSummary summary(String symbol, long barsSeen, long lastBarEnd) {
    return new ApiViews.SymbolSummary(symbol, 1, barsSeen, 0.1, 3, "ticks", lastBarEnd);
  }

  @Test
  void shouldListAMovedSymbolOnceWithTheNewestEntry() {
    // Given this instance's stale summary of BTC, the new owner's newer one, and ETH listed twice
    // with the same bar end (the new owner has seen more bars)
    ApiViews.SymbolSummary staleBtc = summary("BTC", 40, 2_000);
    ApiViews.SymbolSummary newBtc = summary("BTC", 41, 3_000);
    ApiViews.SymbolSummary oldEth = summary("ETH", 9, 5_000);
    ApiViews.SymbolSummary newEth = summary("ETH", 10, 5_000);
    ApiViews.SymbolSummary aapl = summary("AAPL", 7, 1_000);
    // When they are merged, in either order
    List<ApiViews.SymbolSummary> merged = ApiHandler.merged(List.of(staleBtc, newEth, aapl, newBtc, oldEth));
    List<ApiViews.SymbolSummary> reversed = ApiHandler.merged(List.of(oldEth, newBtc, aapl, newEth, staleBtc));
    // Then each symbol is listed once, sorted, with its newest entry
    assertThat(merged).containsExactly(aapl, newBtc, newEth);
    assertThat(reversed).containsExactly(aapl, newBtc, newEth);
  }
}
