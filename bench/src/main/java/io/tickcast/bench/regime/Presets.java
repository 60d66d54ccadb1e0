package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.List;

/** Named sets of learner variants: the defaults, the one-at-a-time sweep, the batch study. */
final class Presets {

  private Presets() {}

  static List<String> names() {
    return List.of("default", "sweep", "batch", "drift", "drift-expert", "mix", "share");
  }

  static List<LearnerConfig> variants(String preset) {
    LearnerConfig d = LearnerConfig.defaults();
    List<LearnerConfig> v = new ArrayList<>();
    v.add(d);
    switch (preset) {
      case "default" -> { }
      case "sweep" -> {
        for (int b : new int[] {4, 64}) {
          v.add(d.withBatch(b));
        }
        for (int k : new int[] {1, 16}) {
          v.add(d.withEvery(k));
        }
        for (int w : new int[] {64, 1024}) {
          v.add(d.withWindow(w));
        }
        for (double lr : new double[] {1e-3, 1e-2}) {
          v.add(d.withLr(lr));
        }
        v.add(d.withResidual(!d.residual()));
        v.add(d.withRecency(1e9));
        v.add(d.withShape(32, 32));
      }
      case "drift-expert" -> {
        // The same ablation with the LSTM as a separate expert (no residual fast path), where
        // its own error, and so Page-Hinkley, does jump at a shift.
        v.clear();
        LearnerConfig e = d.withResidual(false);
        v.add(e);
        v.add(e.withDrift("none", 1, false, Integer.MAX_VALUE));
        v.add(e.withDrift("ph", d.boost(), false, Integer.MAX_VALUE));
        v.add(e.withDrift("ph", 1, true, Integer.MAX_VALUE));
        v.add(e.withDrift("ph", 1, false, d.shortWindow()));
      }
      case "drift" -> {
        v.add(d.withDrift("none", 1, false, Integer.MAX_VALUE));
        v.add(d.withDrift("ph", d.boost(), false, Integer.MAX_VALUE));
        v.add(d.withDrift("ph", 1, true, Integer.MAX_VALUE));
        v.add(d.withDrift("ph", 1, false, d.shortWindow()));
        v.add(d.withDrift("noise", d.boost(), d.resetMoments(), d.shortWindow()));
        v.add(d.withDrift("both", d.boost(), d.resetMoments(), d.shortWindow()));
      }
      case "share" -> {
        // fine grid of the fixed-share mix: eta x floor
        for (double eta : new double[] {0.25, 0.35}) {
          for (double share : new double[] {0.002, 0.001, 0.0005}) {
            if (eta != d.mixEta() || share != d.mixShare()) {
              v.add(d.withShare(eta, share));
            }
          }
        }
      }
      case "mix" -> {
        // discounted exponential weights (share 0) against fixed share around the default
        v.add(d.withShare(1.0, 0).withMix(1.0, 0.98));
        v.add(d.withShare(2.0, 0).withMix(2.0, 0.98));
        v.add(d.withShare(2.0, 0).withMix(2.0, 0.995));
        v.add(d.withShare(0.5, 0.002));
        v.add(d.withShare(0.125, 0.002));
        v.add(d.withShare(0.25, 0.01));
        v.add(d.withShare(0.25, 0.0005));
      }
      case "batch" -> {
        v.clear();
        // (a) equal examples per bar: a step every B bars, lr by the linear rule (B_ref 16);
        // (b) equal update frequency: a step every bar at the default lr.
        for (int b : new int[] {1, 4, 16, 64, 256}) {
          v.add(d.withBatch(b).withEvery(b).withLr(d.lr() * b / 16.0));
        }
        for (int b : new int[] {1, 4, 64, 256}) {
          v.add(d.withBatch(b));
        }
      }
      default -> throw new IllegalArgumentException("unknown preset " + preset);
    }
    return v;
  }
}
