package io.tickcast.app.serde;

import java.util.Locale;

/**
 * What a symbol may contain before it becomes a store key, a metric tag and a URL segment; shared
 * by the tick parser and the validation of users' bars, so both topics accept the same symbols.
 *
 * <p>Why: the forecaster stores keep a symbol's sequence rows under {@code symbol|r<slot>} and a
 * shadow trainer under {@code symbol#B=<b>} in the same key space as the symbols themselves. A
 * symbol {@code BTCUSD|r0} would overwrite BTCUSD's row 0 (and BTCUSD's next write its state), so
 * {@code |} and the substring {@code #B=} are refused. A lone {@code #} is fine and common in
 * vendor symbols (IQFeed continuous futures {@code @ES#}, Refinitiv chain RICs {@code 0#.FTSE}).
 * Also refused: control characters (they end up in log lines, metric labels and the live page) and
 * the symbols {@code .} and {@code ..} (URL dot segments). Stateless, thread-safe.
 */
public final class SymbolRules {

  /** Put between a symbol and its sequence row in the forecaster's sequence store. */
  public static final char ROW_MARK = '|';
  /** Put between a symbol and a shadow trainer's batch size in the forecaster stores. */
  public static final String SHADOW_MARK = "#B=";

  /** Why a symbol was refused: the dead-letter reason and a one-line detail. */
  public record Problem(RejectReason reason, String detail) {}

  private SymbolRules() {}

  /**
   * Why a non-blank {@code symbol} is refused (too long, or {@link #problem}), or null if it is fine.
   *
   * @param maxLength the longest symbol accepted, in UTF-16 chars
   */
  public static Problem check(String symbol, int maxLength) {
    if (symbol.length() > maxLength) {
      return new Problem(RejectReason.SYMBOL_TOO_LONG,
          "symbol has " + symbol.length() + " characters, limit " + maxLength);
    }
    String problem = problem(symbol);
    return problem == null ? null : new Problem(RejectReason.INVALID_SYMBOL, problem);
  }

  /** Why {@code symbol} (non-blank, within the length limit) is refused, or null if it is fine. */
  public static String problem(String symbol) {
    if (symbol.equals(".") || symbol.equals("..")) {
      // A dot segment: browsers and curl resolve /api/history/.. to /api/, so the live page's
      // request for it fails (404) and stops the page from drawing the symbols after it.
      return "symbol '" + symbol + "' is a URL dot segment, unreachable through the REST API";
    }
    if (symbol.contains(SHADOW_MARK)) {
      return "symbol '" + symbol + "' contains '" + SHADOW_MARK + "', which tickcast reserves for its store keys";
    }
    for (int i = 0; i < symbol.length(); i++) {
      char c = symbol.charAt(i);
      if (c == ROW_MARK) {
        return "symbol '" + symbol + "' contains '" + c + "', which tickcast reserves for its store keys";
      }
      if (Character.isISOControl(c)) {
        return "symbol contains the control character U+" + String.format(Locale.ROOT, "%04X", (int) c);
      }
    }
    return null;
  }

  /**
   * Whether a forecaster-store key is a symbol's own key, not one of its sequence rows
   * ({@code S|r0}) or shadow trainers ({@code S#B=4}).
   */
  public static boolean isSymbolKey(String key) {
    return key.indexOf(ROW_MARK) < 0 && !key.contains(SHADOW_MARK);
  }
}
