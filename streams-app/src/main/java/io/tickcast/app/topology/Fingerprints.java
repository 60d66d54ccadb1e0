package io.tickcast.app.topology;

import io.tickcast.app.serde.DedupMode;
import io.tickcast.model.domain.Tick;

/**
 * 64-bit dedup fingerprints of ticks within one symbol's bar. Hashes, not the values, keep the
 * per-bar state small: two distinct ticks of a bar collide with probability about
 * {@code n^2 / 2^65} (1e-13 for 1,000 ticks in a bar), which would dead-letter one of them.
 * Stateless and thread-safe.
 */
public final class Fingerprints {

  /** Returned when a tick cannot be a duplicate under the mode. */
  public static final long NONE = 0L;

  private Fingerprints() {}

  /** The fingerprint of {@code tick} under {@code mode}, or {@link #NONE}. Never NONE otherwise. */
  public static long of(DedupMode mode, Tick tick) {
    long h = switch (mode) {
      case OFF -> NONE;
      case ID -> tick.hasId() ? ofText(tick.id()) : NONE;
      case CONTENT -> mix(mix(mix(0x2545F4914F6CDD1DL ^ tick.tsMs())
          ^ Double.doubleToLongBits(tick.price())) ^ Double.doubleToLongBits(tick.size()));
    };
    return h == NONE && mode != DedupMode.OFF && (mode != DedupMode.ID || tick.hasId()) ? 1L : h;
  }

  /** FNV-1a over the UTF-16 code units, finished with a 64-bit mixer. */
  private static long ofText(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h ^ s.length());
  }

  /** MurmurHash3's fmix64. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
