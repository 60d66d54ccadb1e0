package io.tickcast.app.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scanner's decimal fast path returns exactly what {@link Double#parseDouble} returns. */
class FlatTickScannerTest {

  private static double decimal(String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    return FlatTickScanner.decimal(b, 0, b.length);
  }

  @Test
  void shouldReadSeededDecimalsBitForBitAsParseDouble() {
    // Given decimals with 1 to 20 digits in all splits between integer and fraction, both signs
    SplittableRandom rnd = new SplittableRandom(11);
    for (int n = 0; n < 300_000; n++) {
      int intDigits = 1 + rnd.nextInt(10);
      int fracDigits = 1 + rnd.nextInt(10);
      StringBuilder s = new StringBuilder(rnd.nextInt(4) == 0 ? "-" : "");
      s.append(rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(9));
      for (int k = 1; k < intDigits && s.charAt(s.length() - 1) != '0'; k++) {
        s.append(rnd.nextInt(10));
      }
      s.append('.');
      for (int k = 0; k < fracDigits; k++) {
        s.append(rnd.nextInt(10));
      }
      String text = s.toString();

      // When read by the scanner, Then it is the same double, bit for bit
      assertThat(Double.doubleToRawLongBits(decimal(text))).as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }

  @Test
  void shouldReadEdgeCasesAsParseDouble() {
    String[] cases = {"0.0", "-0.0", "0.1", "0.3", "123.456", "999999999999999.9",
        "99999999999999.99", "9007199254740.993", "0.000000000000001", "0.0000000000000001",
        "1.7976931348623157e308", "1e-400", "-2.5E-3", "812.5", "0.27", "100000000000000.5"};
    for (String text : cases) {
      assertThat(Double.doubleToRawLongBits(decimal(text))).as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }
}
