package io.tickcast.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The {@code metrics.max.symbols} slots follow ownership: a symbol whose task left this instance
 * frees its slot and its meters, so the symbols the instance takes over get their own series
 * instead of {@code _other}.
 */
class SymbolSlotsTest {

  private final SimpleMeterRegistry r = new SimpleMeterRegistry();

  private TickcastMetrics boundTo(int maxSymbols) {
    TickcastMetrics m = new TickcastMetrics(maxSymbols);
    m.bindTo(r);
    return m;
  }

  private long metersOf(String symbol) {
    return r.getMeters().stream().map(Meter::getId)
        .filter(id -> symbol.equals(id.getTag("symbol"))).count();
  }

  @Test
  void shouldGiveAReleasedSymbolsSlotToTheNextSymbol() {
    // Given an instance with 2 slots that counted bars of BTC and ETH
    TickcastMetrics m = boundTo(2);
    m.barEmitted("BTC");
    m.barEmitted("ETH");
    m.barEmitted("SOL");
    assertThat(m.taggedSymbols()).containsExactlyInAnyOrder("BTC", "ETH");
    assertThat(metersOf("BTC")).isPositive();
    // When BTC's task moves to another instance
    m.releaseSymbol("BTC");
    // Then its meters are gone, counters included, and the next new symbol gets its own series
    assertThat(metersOf("BTC")).isZero();
    assertThat(r.find("tickcast.bars").tag("symbol", "BTC").counter()).isNull();
    m.barEmitted("XRP");
    assertThat(m.taggedSymbols()).containsExactlyInAnyOrder("ETH", "XRP");
    assertThat(r.find("tickcast.bars").tag("symbol", "XRP").counter().count()).isEqualTo(1.0);
    // And ETH and the shared _other series are untouched
    assertThat(r.find("tickcast.bars").tag("symbol", "ETH").counter().count()).isEqualTo(1.0);
    assertThat(r.find("tickcast.bars").tag("symbol", TickcastMetrics.OTHER_SYMBOL).counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldStartAReturningSymbolsCountersAfresh() {
    TickcastMetrics m = boundTo(2);
    m.barEmitted("BTC");
    m.barEmitted("BTC");
    m.releaseSymbol("BTC");
    m.releaseSymbol("NEVER-SEEN");
    m.barEmitted("BTC");
    assertThat(r.find("tickcast.bars").tag("symbol", "BTC").counter().count()).isEqualTo(1.0);
    assertThat(m.taggedSymbols()).containsExactly("BTC");
  }
}
