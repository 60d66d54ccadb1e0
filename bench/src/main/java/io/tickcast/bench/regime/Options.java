package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The suite's command-line options (see {@link RegimeSuite}); validated once. */
record Options(String preset, int seeds, int bars, List<Generator> kinds, boolean model, String real,
    String out) {

  static Options parse(String[] args) {
    String preset = "default";
    int seeds = 2;
    int bars = 3000;
    List<Generator> kinds = new ArrayList<>(Arrays.asList(Kind.values()));
    Boolean model = null;
    String real = null;
    String out = "bench/target/regime";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--preset" -> preset = value(args, ++i, a);
        case "--seeds" -> seeds = intValue(args, ++i, a, 1, 20);
        case "--bars" -> bars = intValue(args, ++i, a, 2500, 3000);
        case "--kinds" -> {
          kinds.clear();
          String list = value(args, ++i, a);
          for (String k : list.equals("none") ? new String[0] : list.split(",")) {
            kinds.add(generator(k.trim()));
          }
        }
        case "--model" -> model = true;
        case "--no-model" -> model = false;
        case "--real" -> real = value(args, ++i, a);
        case "--out" -> out = value(args, ++i, a);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (!Presets.names().contains(preset)) {
      throw new IllegalArgumentException("--preset must be one of " + Presets.names());
    }
    boolean m = model != null ? model : preset.equals("default");
    return new Options(preset, seeds, bars, List.copyOf(kinds), m, real, out);
  }

  /** A tuning kind ({@link Kind}) or a held-out one ({@link HeldOut}) by name. */
  private static Generator generator(String name) {
    for (Generator g : Kind.values()) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    for (Generator g : HeldOut.values()) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    throw new IllegalArgumentException("--kinds: unknown kind '" + name + "'");
  }

  /** True when a held-out kind is named: the run then also writes the robustness tables. */
  boolean heldOut() {
    return kinds.stream().anyMatch(HeldOut.class::isInstance);
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }

  private static int intValue(String[] args, int i, String opt, int min, int max) {
    String v = value(args, i, opt);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(opt + " must be in [" + min + ", " + max + "], was "
            + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(opt + " must be an integer, was '" + v + "'");
    }
  }
}
