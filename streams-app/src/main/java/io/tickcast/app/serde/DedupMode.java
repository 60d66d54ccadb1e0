package io.tickcast.app.serde;

import java.util.Locale;

/**
 * What {@code tick.dedup} treats as a duplicate tick (dead-lettered as {@code duplicate}).
 *
 * <ul>
 *   <li>{@link #ID} (default): a tick whose trade {@code id} was already seen for its symbol in the
 *       bar it falls in. Ticks without an id are never duplicates.
 *   <li>{@link #CONTENT}: a tick equal in symbol, ts, price and size to one already seen in its
 *       bar, id or not. Catches re-sent ticks of feeds without ids, but also drops distinct real
 *       trades that happen to match (split fills, second-resolution feeds).
 *   <li>{@link #OFF}: nothing is a duplicate.
 * </ul>
 */
public enum DedupMode {
  ID,
  CONTENT,
  OFF;

  /**
   * Parses a config value: {@code id}, {@code content}, {@code off}, or the values of the former
   * boolean key, {@code true} (= {@code content}, what it meant) and {@code false} (= {@code off}).
   *
   * @throws IllegalArgumentException on anything else
   */
  public static DedupMode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "id" -> ID;
      case "content", "true" -> CONTENT;
      case "off", "false" -> OFF;
      default -> throw new IllegalArgumentException(
          "expected id, content or off (legacy: true = content, false = off), was '" + text + "'");
    };
  }

  /** The config value, lower case. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
