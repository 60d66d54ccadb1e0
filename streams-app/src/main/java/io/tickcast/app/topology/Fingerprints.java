package io.tickcast.app.topology;

import io.tickcast.app.serde.DedupMode;
import io.tickcast.model.bars.AdmissionRule;
import io.tickcast.model.domain.Tick;

/**
 * 64-bit dedup fingerprints of ticks within one symbol's bar. Hashes, not the values, keep the
 * per-bar state small: two distinct ticks of a bar collide with probability about
 * {@code n^2 / 2^65} (1e-13 for 1,000 ticks in a bar), which would dead-letter one of them.
 *
 * <p>Exception: a trade id in canonical decimal form ({@code 0} or up to 18 digits without a
 * leading zero, the common case: exchanges number their trades) is kept exactly, tagged with
 * {@link #NUMERIC_TAG}: such ids never collide with each other, and the ids of one bar are close
 * together, so {@link OpenBars} stores them as small deltas (about 2 bytes instead of 8). A tagged
 * id equals a hash with probability 2^-64 per pair, as for two hashes.
 * Stateless and thread-safe.
 */
public final class Fingerprints {

  /** Returned when a tick cannot be a duplicate under the mode (the shared rule's "no key"). */
  public static final long NONE = AdmissionRule.NO_KEY;
  /** Set on the fingerprint of a canonical decimal trade id, whose value is in the low bits. */
  static final long NUMERIC_TAG = 1L << 62;
  private static final int MAX_NUMERIC_DIGITS = 18;

  private Fingerprints() {}

  /** The fingerprint of {@code tick} under {@code mode}, or {@link #NONE}. Never NONE otherwise. */
  public static long of(DedupMode mode, Tick tick) {
    long h = switch (mode) {
      case OFF -> NONE;
      case ID -> tick.hasId() ? ofId(tick.id()) : NONE;
      case CONTENT -> mix(mix(mix(0x2545F4914F6CDD1DL ^ tick.tsMs())
          ^ Double.doubleToLongBits(tick.price())) ^ Double.doubleToLongBits(tick.size()));
    };
    return h == NONE && mode != DedupMode.OFF && (mode != DedupMode.ID || tick.hasId()) ? 1L : h;
  }

  /** The tagged value of a canonical decimal id (never NONE), else its hash. */
  private static long ofId(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_NUMERIC_DIGITS || (n > 1 && id.charAt(0) == '0')) {
      return ofText(id);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return ofText(id);
      }
      v = v * 10 + (c - '0');
    }
    return NUMERIC_TAG | v;
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
