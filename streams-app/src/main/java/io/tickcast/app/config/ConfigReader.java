package io.tickcast.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Typed access to the merged config layer of {@link AppConfigLoader}, every failure naming its key. */
record ConfigReader(Map<String, String> values) {

  String raw(String key) {
    return values.getOrDefault(key, "");
  }

  Optional<String> optional(String key) {
    String v = raw(key);
    return v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  String required(String key) {
    return optional(key).orElseThrow(() -> new ConfigException(key, "must not be empty"));
  }

  String topic(String key) {
    String v = required(key);
    if (!v.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new ConfigException(key, "not a legal Kafka topic name: '" + v + "'");
    }
    return v;
  }

  <T> T parse(String key, Function<String, T> parser, String expected) {
    String v = required(key);
    try {
      return parser.apply(v);
    } catch (RuntimeException e) {
      throw new ConfigException(key, "expected " + expected + ", was '" + v + "'", e);
    }
  }

  int intAtLeast(String key, int min) {
    int v = parse(key, Integer::parseInt, "an integer");
    if (v < min) {
      throw new ConfigException(key, "must be >= " + min + ", was " + v);
    }
    return v;
  }

  int intBetween(String key, int min, int max) {
    int v = intAtLeast(key, min);
    if (v > max) {
      throw new ConfigException(key, "must be <= " + max + ", was " + v);
    }
    return v;
  }

  int port(String key) {
    int v = parse(key, Integer::parseInt, "a port number");
    if (v < 0 || v > 65535) {
      throw new ConfigException(key, "must be a port in 0..65535, was " + v);
    }
    return v;
  }

  double finiteDouble(String key) {
    double v = parse(key, Double::parseDouble, "a number");
    if (!Double.isFinite(v)) {
      throw new ConfigException(key, "must be finite, was " + v);
    }
    return v;
  }

  double positiveDouble(String key) {
    double v = finiteDouble(key);
    if (v <= 0) {
      throw new ConfigException(key, "must be > 0, was " + v);
    }
    return v;
  }

  double nonNegativeDouble(String key) {
    double v = finiteDouble(key);
    if (v < 0) {
      throw new ConfigException(key, "must be >= 0, was " + v);
    }
    return v;
  }

  double unitInterval(String key) {
    double v = finiteDouble(key);
    if (v <= 0 || v >= 1) {
      throw new ConfigException(key, "must be in (0, 1), was " + v);
    }
    return v;
  }

  java.util.List<Integer> batchSizes(String key) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (String part : raw(key).split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        int b = Integer.parseInt(part.trim());
        if (b < 1) {
          throw new ConfigException(key, "batch sizes must be >= 1, was " + b);
        }
        out.add(b);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "expected a comma-separated list of integers, was '"
            + raw(key) + "'", e);
      }
    }
    return out;
  }

  boolean bool(String key) {
    String v = required(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(key, "expected true or false, was '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  Duration duration(String key) {
    Duration d;
    try {
      d = AppConfigLoader.parseDuration(required(key));
      d.toMillis(); // every duration is used in ms: fail here, naming the key, if it does not fit
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new ConfigException(key, "expected a duration like 500ms, 10s, 1m, 1h, 1d or PT1M, was '"
          + raw(key) + "'", e);
    }
    if (d.isNegative()) {
      throw new ConfigException(key, "must not be negative, was " + d);
    }
    return d;
  }

  Duration positiveDuration(String key) {
    Duration d = duration(key);
    if (d.isZero()) {
      throw new ConfigException(key, "must be > 0");
    }
    return d;
  }

  String oneOf(String key, Set<String> allowed) {
    String v = required(key);
    if (!allowed.contains(v)) {
      throw new ConfigException(key, "must be one of " + new java.util.TreeSet<>(allowed) + ", was '" + v + "'");
    }
    return v;
  }
}
