package io.tickcast.model.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.ModelTestBase;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.fixtures.SyntheticBars;
import io.tickcast.model.pipeline.MapStateStore;
import io.tickcast.model.pipeline.PipelineState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The main state record: version 3 (the symbol as a 4-byte hash) round-trips and keeps the
 * wrong-symbol guard; version-2 records (the symbol as a string) restore and are rewritten as
 * version 3.
 */
class StateCodecTest extends ModelTestBase {

  private static final String SYMBOL = "BTCUSD";
  /** An OCC option symbol: root padded to 6, expiry yymmdd, call/put, strike × 1000. */
  private static final String OCC = "SPY   261218C00600000";
  /** Offset of the symbol (v2) or its hash (v3): after version, kind and the two header longs. */
  private static final int SYMBOL_AT = 18;

  @Test
  void shouldRoundTripVersion3WithTheSymbolAsAFixedSizeHash() {
    // Given the stored state of two forecasters that saw the same prices under symbols of 6 and
    // 21 characters
    MapStateStore ticker = trained(SYMBOL).fullState();
    MapStateStore option = trained(OCC).fullState();
    byte[] main = ticker.get(SymbolForecaster.MAIN_KEY);

    // When the main record is decoded and encoded again
    PipelineState s = StateCodec.decode(main, SYMBOL, smallConfig(), ticker);
    byte[] again = StateCodec.encode(s);

    // Then it is version 3, the same bytes, with the symbol's hash where version 2 had the symbol
    assertThat(main[0]).isEqualTo((byte) 3);
    assertThat(again).isEqualTo(main);
    assertThat(ByteBuffer.wrap(main, SYMBOL_AT, 4).getInt()).isEqualTo(crc32(SYMBOL));
    assertThat(StateCodec.peekVersion(main)).containsExactly(150, s.features().lastEndMs());
    // and the record's size does not depend on the symbol's length
    assertThat(option.get(SymbolForecaster.MAIN_KEY)).hasSameSizeAs(main);
  }

  @Test
  void shouldRestoreAVersion2RecordAndRewriteItAsVersion3() {
    // Given a state written by the version-2 writer
    MapStateStore store = trained(OCC).fullState();
    byte[] v3 = store.get(SymbolForecaster.MAIN_KEY);
    PipelineState s = StateCodec.decode(v3, OCC, smallConfig(), store);
    byte[] v2 = encodeVersion2(s);
    assertThat(v2[0]).isEqualTo((byte) 2);

    // When it is decoded and written again
    PipelineState restored = StateCodec.decode(v2, OCC, smallConfig(), store);
    byte[] rewritten = StateCodec.encode(restored);

    // Then it holds the same state, now as version 3: 29 bytes shorter for a 21-character symbol
    // (a 4-byte hash instead of 2 + 21 bytes of string, five 2-byte part lengths instead of 4)
    assertThat(rewritten).isEqualTo(v3);
    assertThat(v2.length - rewritten.length).isEqualTo(2 + OCC.length() - 4 + 5 * 2);
    // and its header is read without decoding, as the processor's cache does
    assertThat(StateCodec.peekVersion(v2)).isEqualTo(StateCodec.peekVersion(v3)).isNotNull();
    // and the version-2 guard still names the symbol it belongs to
    assertThatThrownBy(() -> StateCodec.decode(v2, SYMBOL, smallConfig(), store))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("state belongs to symbol '" + OCC + "', not '" + SYMBOL + "'");
  }

  /** {@code v2/state-61a8f54.txt}: records written by the previous stop (see StateCompatibilityTest). */
  @Test
  void shouldRewriteThePreviousStopsMainRecordAsVersion3() throws IOException {
    // Given the previous stop's main record and rows after 300 bars of "V2"
    MapStateStore store = new MapStateStore();
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/v2/state-61a8f54.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
    for (String l : lines) {
      if (l.startsWith("state:")) {
        int eq = l.indexOf('=');
        store.put(l.substring("state:".length(), eq),
            Base64.getDecoder().decode(l.substring(eq + 1)));
      }
    }
    byte[] old = store.get(SymbolForecaster.MAIN_KEY);
    assertThat(old[0]).as("format of the fixture").isEqualTo((byte) 2);

    // When it is decoded and written again
    PipelineState s = StateCodec.decode(old, "V2", smallConfig(), store);
    byte[] v3 = StateCodec.encode(s);

    // Then the new record is version 3, with the same header, and reads back to itself
    assertThat(v3[0]).isEqualTo((byte) 3);
    assertThat(StateCodec.peekVersion(v3)).isEqualTo(StateCodec.peekVersion(old))
        .startsWith(300);
    assertThat(StateCodec.encode(StateCodec.decode(v3, "V2", smallConfig(), store)))
        .isEqualTo(v3);
  }

  @Test
  void shouldRefuseAVersion3RecordOfAnotherSymbol() {
    // Given the state of an option
    SymbolForecaster f = trained(OCC);
    MapStateStore store = f.fullState();
    byte[] main = store.get(SymbolForecaster.MAIN_KEY);

    // When it is restored under another option of the same root, expiry and strike, a put
    String put = OCC.replace('C', 'P');
    List<ModelException> resets = new ArrayList<>();
    SymbolForecaster restored = SymbolForecaster.restore(put, smallConfig(), store,
        f.modelBytes(), (what, e) -> {
          assertThat(what).isEqualTo("state");
          resets.add(e);
        });

    // Then the state is refused with a clear reason (the symbol's own name and both hashes) and
    // starts fresh, keeping the model, as a wrong symbol always did
    assertThat(resets).singleElement().extracting(Throwable::getMessage).asString()
        .contains("state belongs to another symbol", "not '" + put + "'",
            String.format("%08x", crc32(OCC)));
    assertThat(restored.barsSeen()).isZero();
    assertThat(restored.modelVersion()).isEqualTo(f.modelVersion()).isPositive();
    // and symbols of the same length one character apart never share a hash (CRC32 catches
    // every burst of up to 32 bits)
    for (String other : List.of(put, OCC.replace("600000", "600001"), "SPY   261219C00600000",
        "QQQ   261218C00600000")) {
      assertThatThrownBy(() -> StateCodec.decode(main, other, smallConfig(), store))
          .isInstanceOf(ModelException.class).hasMessageContaining("another symbol");
    }
  }

  @Test
  void shouldRefuseCorruptVersion3Records() {
    MapStateStore store = trained(SYMBOL).fullState();
    byte[] main = store.get(SymbolForecaster.MAIN_KEY);

    // A flipped bit in the hash is caught by the record's checksum
    byte[] flipped = main.clone();
    flipped[SYMBOL_AT + 1] ^= 0x10;
    assertThatThrownBy(() -> StateCodec.decode(flipped, SYMBOL, smallConfig(), store))
        .isInstanceOf(ModelException.class).hasMessageContaining("checksum mismatch");
    // a hash rewritten with a valid checksum by the symbol guard
    byte[] rehashed = main.clone();
    ByteBuffer.wrap(rehashed, SYMBOL_AT, 4).putInt(crc32("ETHUSD"));
    assertThatThrownBy(() -> StateCodec.decode(reframe(rehashed), SYMBOL, smallConfig(), store))
        .isInstanceOf(ModelException.class).hasMessageContaining("another symbol");
    // a record cut after its hash, re-framed, by the parts' reader
    byte[] cut = java.util.Arrays.copyOf(main, SYMBOL_AT + 4 + 4);
    assertThatThrownBy(() -> StateCodec.decode(reframe(cut), SYMBOL, smallConfig(), store))
        .isInstanceOf(ModelException.class).hasMessageContaining("cannot decode state bytes");
    // a version from the future by the envelope
    byte[] future = main.clone();
    future[0] = 4;
    assertThatThrownBy(() -> StateCodec.decode(reframe(future), SYMBOL, smallConfig(), store))
        .isInstanceOf(ModelException.class).hasMessageContaining("version 4 unsupported");
    assertThat(StateCodec.peekVersion(future)).isNull();
    assertThat(StateCodec.peekVersion(java.util.Arrays.copyOf(main, 17))).isNull();
  }

  /** A forecaster of {@code symbol} after 150 bars of a fixed AR(1) price series. */
  private static SymbolForecaster trained(String symbol) {
    SymbolForecaster f = SymbolForecaster.create(symbol, smallConfig());
    for (Bar b : SyntheticBars.ar1(symbol, 150, 0.3, 0.002, 7)) {
      f.onBar(b);
    }
    return f;
  }

  /**
   * The version-2 writer, as it was until version 3: the symbol as a modified-UTF-8 string
   * between the header and the parts, and each part's length as an int.
   */
  private static byte[] encodeVersion2(PipelineState s) {
    return Envelope.write((byte) 2, Envelope.KIND_STATE, out -> {
      out.writeLong(s.features().barsSeen());
      out.writeLong(s.features().lastEndMs());
      out.writeUTF(s.symbol());
      List<Envelope.PayloadWriter> parts = List.of(s.features()::writeTo, s.scorer()::writeTo,
          s.drift()::writeTo, s.policy()::writeTo, s.panel()::writeTo);
      out.writeByte(parts.size());
      for (int id = 1; id <= parts.size(); id++) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream part = new DataOutputStream(bytes);
        parts.get(id - 1).write(part);
        part.flush();
        out.writeByte(id);
        out.writeInt(bytes.size());
        bytes.writeTo(out);
      }
    });
  }

  private static int crc32(String symbol) {
    CRC32 crc = new CRC32();
    crc.update(symbol.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** {@code bytes} with its trailing checksum recomputed over the rest. */
  private static byte[] reframe(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    byte[] out = bytes.clone();
    ByteBuffer.wrap(out, out.length - 4, 4).putInt((int) crc.getValue());
    return out;
  }
}
