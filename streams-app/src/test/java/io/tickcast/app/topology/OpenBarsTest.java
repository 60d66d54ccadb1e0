package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.app.serde.DedupMode;
import io.tickcast.model.domain.Tick;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Binary format of {@link OpenBars} (v2, v1 still read) and the fingerprints it stores. */
class OpenBarsTest {

  private static final long T0 = 1_700_000_000_000L;
  /** Version byte and bar count. */
  private static final int HEADER = 1 + 4;
  /** flags, start, then 1-byte varints for count, ts offsets, fingerprint count; six doubles. */
  private static final int BAR_WITHOUT_FPS = 1 + 8 + 1 + 1 + 1 + 6 * 8 + 1;

  private static Tick tick(long ts, String id) {
    return new Tick("BTC", ts, 100.0 + ts % 7, 0.5, id);
  }

  /** A symbol with a closed bar and an open bar holding {@code ids}' fingerprints. */
  private static OpenBars withIds(String... ids) {
    OpenBars bars = OpenBars.empty();
    OpenBars.Slot closed = bars.slot(T0);
    closed.acc.add(tick(T0 + 5, "1"));
    closed.close(true);
    OpenBars.Slot open = bars.slot(T0 + 60_000);
    for (int i = 0; i < ids.length; i++) {
      Tick t = tick(T0 + 60_000 + i, ids[i]);
      long fp = Fingerprints.of(DedupMode.ID, t);
      assertThat(open.seen(fp)).as("id %s", ids[i]).isFalse();
      open.remember(fp);
      open.acc.add(t);
    }
    return bars;
  }

  private static void assertSameState(OpenBars actual, OpenBars expected) {
    assertThat(actual.slots()).hasSameSizeAs(expected.slots());
    for (int k = 0; k < expected.slots().size(); k++) {
      OpenBars.Slot a = actual.slots().get(k);
      OpenBars.Slot e = expected.slots().get(k);
      assertThat(a.startMs).isEqualTo(e.startMs);
      assertThat(a.flags).isEqualTo(e.flags);
      assertThat(a.acc.toBar("BTC", a.startMs, a.startMs + 60_000))
          .isEqualTo(e.acc.toBar("BTC", e.startMs, e.startMs + 60_000));
      assertThat(Arrays.copyOf(a.fps, a.fpCount)).containsExactly(Arrays.copyOf(e.fps, e.fpCount));
    }
  }

  @Test
  void numericIdsRoundTripAsDeltasInAboutTwoBytesEach() {
    String[] ids = new String[60];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Long.toString(5_000_000_000L + (ids.length - i) * 1_000L); // descending, spaced 1,000
    }
    OpenBars bars = withIds(ids);
    byte[] bytes = bars.toBytes();

    OpenBars back = OpenBars.fromBytes(bytes);

    assertSameState(back, bars);
    // encoding byte, the first fingerprint, then 59 deltas of 1,000 in 2 bytes each
    assertThat(bytes.length).isEqualTo(HEADER + 2 * BAR_WITHOUT_FPS + 1 + 8 + 59 * 2);
    OpenBars.Slot open = back.slots().get(1);
    assertThat(open.seen(Fingerprints.of(DedupMode.ID, tick(T0, ids[17])))).isTrue();
    assertThat(open.seen(Fingerprints.of(DedupMode.ID, tick(T0, "5000000000500")))).isFalse();
  }

  @Test
  void encodingAfterEveryTickEqualsAFreshEncodingOfTheSameState() {
    // Given ticks encoded one by one as the bar builder does (the delta encoding of the
    // fingerprints is extended per appended id): mostly ascending numeric ids, some out of order,
    // some hashed, and a restore from the bytes halfway
    SplittableRandom rnd = new SplittableRandom(5);
    OpenBars bars = OpenBars.empty();
    long id = 9_000_000L;
    for (int i = 0; i < 400; i++) {
      if (i == 200) {
        bars = OpenBars.fromBytes(bars.toBytes());
      }
      long ts = T0 + i * 400L;
      String tid = switch (rnd.nextInt(10)) {
        case 0 -> Long.toString(id - 1 - rnd.nextInt(5_000)); // late, out of order
        case 1 -> "t-" + rnd.nextLong(); // hashed
        default -> Long.toString(id += 1 + rnd.nextInt(300));
      };
      Tick t = tick(ts, tid);
      OpenBars.Slot slot = bars.slot(ts - ts % 60_000);
      long fp = Fingerprints.of(DedupMode.ID, t);
      if (!slot.seen(fp)) {
        slot.remember(fp);
        slot.acc.add(t);
      }
      if (i % 150 == 149) {
        bars.slots().get(0).close(false);
      }
      byte[] bytes = bars.toBytes();

      // Then each value decodes to the same state and equals the encoding of that decoded copy,
      // which is built from scratch
      OpenBars back = OpenBars.fromBytes(bytes);
      assertSameState(back, bars);
      assertThat(back.toBytes()).as("tick %d", i).isEqualTo(bytes);
    }
  }

  @Test
  void hashedFingerprintsRoundTripAsLongs() {
    SplittableRandom rnd = new SplittableRandom(11);
    String[] ids = new String[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "t-" + rnd.nextLong(); // not numeric: hashed, spread over all 64 bits
    }
    OpenBars bars = withIds(ids);
    byte[] bytes = bars.toBytes();

    assertSameState(OpenBars.fromBytes(bytes), bars);
    assertThat(bytes.length).isEqualTo(HEADER + 2 * BAR_WITHOUT_FPS + 1 + 40 * Long.BYTES);
  }

  @Test
  void mixedAndEdgeIdsRoundTrip() {
    OpenBars bars = withIds("0", "1", "007", "7", "999999999999999999", "1000000000000000000",
        "-3", "x", "1e3", "42");
    assertSameState(OpenBars.fromBytes(bars.toBytes()), bars);
  }

  @Test
  void anEmptyAccumulatorKeepsItsSentinelTimes() {
    OpenBars bars = OpenBars.empty();
    OpenBars.Slot empty = bars.slot(T0);

    OpenBars.Slot back = OpenBars.fromBytes(bars.toBytes()).slots().get(0);

    assertThat(back.acc.count()).isZero();
    assertThat(back.acc.openTs()).isEqualTo(empty.acc.openTs());
    assertThat(back.acc.closeTs()).isEqualTo(empty.acc.closeTs());
  }

  @Test
  void numericIdFingerprintsAreExactAndDistinctFromTheirPaddedForms() {
    long fortyTwo = Fingerprints.of(DedupMode.ID, tick(T0, "42"));
    assertThat(fortyTwo).isEqualTo(Fingerprints.NUMERIC_TAG | 42);
    assertThat(Fingerprints.of(DedupMode.ID, tick(T0, "042"))).isNotEqualTo(fortyTwo);
    assertThat(Fingerprints.of(DedupMode.ID, tick(T0, "0"))).isNotEqualTo(Fingerprints.NONE);
    assertThat(Fingerprints.of(DedupMode.ID, tick(T0, null))).isEqualTo(Fingerprints.NONE);
  }

  @Test
  void version1ValuesStillDecode() {
    long[] unsorted = {900L, -5L, 12L};
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 85 + 3 * 8).put(OpenBars.V1).putInt(1)
        .put((byte) 0).putLong(T0).putLong(2).putLong(T0 + 1).putLong(T0 + 9)
        .putDouble(10).putDouble(11).putDouble(12).putDouble(9).putDouble(3).putDouble(31)
        .putInt(3);
    for (long fp : unsorted) {
      b.putLong(fp);
    }

    OpenBars.Slot s = OpenBars.fromBytes(b.array()).slots().get(0);

    assertThat(s.acc.count()).isEqualTo(2);
    assertThat(s.acc.high()).isEqualTo(12);
    assertThat(s.seen(-5L)).isTrue();
    assertThat(s.seen(900L)).isTrue();
    assertThat(s.seen(13L)).isFalse();
  }

  @Test
  void corruptValuesAreRejected() {
    byte[] good = withIds("1", "2", "3").toBytes();
    assertThatThrownBy(() -> OpenBars.fromBytes(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(SerializationException.class);
    byte[] badVersion = good.clone();
    badVersion[0] = 9;
    assertThatThrownBy(() -> OpenBars.fromBytes(badVersion))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> OpenBars.fromBytes(longer))
        .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
  }
}
