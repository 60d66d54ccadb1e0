package io.tickcast.app.serde;

/**
 * What a symbol may contain before it becomes a store key, a metric tag and a URL segment; shared
 * by the tick parser and the validation of users' bars, so both topics accept the same symbols.
 *
 * <p>Why: the forecaster stores keep a symbol's sequence rows under {@code symbol|r<slot>} and a
 * shadow trainer under {@code symbol#B=<b>} in the same key space as the symbols themselves. A
 * symbol {@code BTCUSD|r0} would overwrite BTCUSD's row 0 (and BTCUSD's next write its state), so
 * {@code |} and {@code #} are refused, as are control characters (they end up in log lines, metric
 * labels and the live page) and the symbols {@code .} and {@code ..} (URL dot segments). Stateless,
 * thread-safe.
 */
public final class SymbolRules {

  /** Separators tickcast puts into its own store keys after a symbol. */
  public static final String RESERVED = "|#";

  private SymbolRules() {}

  /** Why {@code symbol} (non-blank, within the length limit) is refused, or null if it is fine. */
  public static String problem(String symbol) {
    if (symbol.equals(".") || symbol.equals("..")) {
      // A dot segment: browsers and curl resolve /api/history/.. to /api/, so the live page's
      // request for it fails (404) and stops the page from drawing the symbols after it.
      return "symbol '" + symbol + "' is a URL dot segment, unreachable through the REST API";
    }
    for (int i = 0; i < symbol.length(); i++) {
      char c = symbol.charAt(i);
      if (RESERVED.indexOf(c) >= 0) {
        return "symbol '" + symbol + "' contains '" + c + "', which tickcast reserves for its store keys";
      }
      if (Character.isISOControl(c)) {
        return "symbol contains the control character U+" + String.format(java.util.Locale.ROOT, "%04X", (int) c);
      }
    }
    return null;
  }
}
