package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.ForecasterConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ScorerTest {

  private static final ForecasterConfig CFG = ForecasterConfig.defaults();

  private static byte[] bytes(Scorer s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      s.writeTo(out);
    }
    return b.toByteArray();
  }

  private static Scorer read(byte[] b) throws IOException {
    return Scorer.readFrom(new DataInputStream(new ByteArrayInputStream(b)), CFG);
  }

  private static Scorer scorerAfter(int bars) {
    Scorer s = Scorer.fresh(CFG);
    for (int i = 0; i < bars; i++) {
      double r = 0.001 * Math.sin(i);
      s.score(r);
      s.observe(r);
      s.expect(new Prediction(0.0002 * i, 0.002, s.baseline().mean(), s.baseline().sigma()));
    }
    return s;
  }

  @Test
  void shouldStoreThePendingBaselineNumbersOnlyWhenTheyDifferFromTheBaseline() throws IOException {
    // Given a scorer whose pending prediction carries the baseline's current numbers (as always
    // in the pipeline), and a copy whose pending numbers differ
    Scorer usual = scorerAfter(30);
    Scorer odd = scorerAfter(30);
    Prediction p = odd.pending();
    odd.expect(new Prediction(p.modelReturn(), p.modelSigma(), p.ewmaReturn() + 1e-4,
        p.ewmaSigma()));

    // When both are written and read back
    byte[] compact = bytes(usual);
    byte[] full = bytes(odd);
    Prediction back = read(compact).pending();

    // Then the usual one is 16 bytes shorter and both restore their pending prediction exactly
    assertThat(compact.length).isEqualTo(full.length - 16);
    assertThat(back).isEqualTo(usual.pending());
    assertThat(read(full).pending()).isEqualTo(odd.pending());
    assertThat(bytes(read(compact))).isEqualTo(compact);
  }

  @Test
  void shouldReadThePreviousReleasesLayoutAndRejectAnUnknownFlag() throws IOException {
    // The previous release wrote a boolean and the four numbers: flag 1 is that layout
    Scorer odd = scorerAfter(10);
    odd.expect(new Prediction(0.001, 0.002, 0.0003, 0.004));
    byte[] full = bytes(odd);
    assertThat(read(full).pending()).isEqualTo(new Prediction(0.001, 0.002, 0.0003, 0.004));

    Scorer none = Scorer.fresh(CFG);
    byte[] empty = bytes(none);
    assertThat(read(empty).pending()).isNull();
    empty[empty.length - 1] = 7;
    assertThatThrownBy(() -> read(empty)).isInstanceOf(IOException.class)
        .hasMessageContaining("flag 7");
  }
}
