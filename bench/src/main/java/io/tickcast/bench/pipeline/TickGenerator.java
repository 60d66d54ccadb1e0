package io.tickcast.bench.pipeline;

import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.model.domain.Tick;
import java.util.Random;

/**
 * Seeded synthetic trades: {@code symbols} symbols ({@code S00000}, ...), round-robin, one tick
 * per symbol per second of event time with up to 999 ms of jitter, a geometric random walk of the
 * price, and a unique numeric trade id. Deterministic for a seed; not thread-safe.
 */
final class TickGenerator {

  /** Event time of the first tick: 2024-01-02T00:00:00Z. */
  static final long T0 = 1_704_153_600_000L;

  private final int symbols;
  private final Random rnd;
  private final double[] price;
  private long next;

  TickGenerator(int symbols, long seed) {
    this.symbols = symbols;
    this.rnd = new Random(seed);
    this.price = new double[symbols];
    for (int i = 0; i < symbols; i++) {
      price[i] = 10 + rnd.nextDouble() * 990;
    }
  }

  static String symbol(int i) {
    return String.format(java.util.Locale.ROOT, "S%05d", i);
  }

  /** The next tick at the generator's own event time. */
  Tick next() {
    long i = next++;
    int s = (int) (i % symbols);
    long ts = T0 + (i / symbols) * 1_000 + rnd.nextInt(1_000);
    return at(s, ts, i);
  }

  /** A tick of symbol index {@code s} at event time {@code ts} with trade id {@code id}. */
  Tick at(int s, long ts, long id) {
    price[s] *= Math.exp(0.0005 * rnd.nextGaussian());
    double size = Math.round((0.01 + rnd.nextDouble() * 2) * 1e4) / 1e4;
    return new Tick(symbol(s), ts, Math.round(price[s] * 1e4) / 1e4, size, Long.toString(id));
  }

  static byte[] json(Tick t) {
    return JsonCodecs.tickToJson(t);
  }
}
