package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.persistence.ModelCodec;
import io.tickcast.model.training.TrainerSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Diagnostic of Adam's moments for the β sweep ({@code -Dregime.model.adamTrace=FILE}): every
 * {@link #EVERY} bars, one CSV row per forecaster (numbered in creation order) with the
 * iteration count, the RMS of the gradient scale √v (Adam's denominator), the mean |m|/√v (the
 * normalised step before the learning rate: near 1 when the gradient keeps its sign, near 0 when
 * it is noise or when v remembers larger gradients than the current ones) and the parameter change
 * since the previous row. Decodes the model record, so only for quick looks.
 */
final class AdamTrace {

  static final int EVERY = 50;
  private static int instances;

  private final Path file;
  private final int id;
  private float[] lastParams;
  private long bars;

  private AdamTrace(Path file) {
    this.file = file;
    synchronized (AdamTrace.class) {
      this.id = ++instances;
    }
  }

  /** A trace when the property is set, else null. */
  static AdamTrace fromProperty() {
    String f = System.getProperty("regime.model.adamTrace");
    return f == null ? null : new AdamTrace(Path.of(f));
  }

  void afterBar(SymbolForecaster f, ForecasterConfig cfg) {
    if (++bars % EVERY != 0) {
      return;
    }
    TrainerSnapshot s = ModelCodec.decode(f.modelBytes(), cfg).snapshot();
    float[] u = s.updaterState();
    int n = u.length / 2;
    double sumV = 0;
    double ratio = 0;
    for (int i = 0; i < n; i++) {
      double sv = Math.sqrt(u[n + i]);
      sumV += u[n + i];
      ratio += sv > 0 ? Math.abs(u[i]) / (sv + 1e-8) : 0;
    }
    double moved = 0;
    float[] p = s.params();
    if (lastParams != null) {
      for (int i = 0; i < p.length; i++) {
        double d = p[i] - lastParams[i];
        moved += d * d;
      }
    }
    lastParams = Arrays.copyOf(p, p.length);
    String row = String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6g,%.6g%n", id, bars,
        s.iterationCount(), Math.sqrt(sumV / n), ratio / n, Math.sqrt(moved));
    try {
      Files.writeString(file, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
