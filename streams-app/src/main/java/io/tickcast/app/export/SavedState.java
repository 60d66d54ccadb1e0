package io.tickcast.app.export;

import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.pipeline.MapStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One symbol's persisted forecaster as a file (what a backtest saves at its end): a zip with
 * {@code symbol} (UTF-8), {@code model} (the model record) and {@code state/<key>} (the per-bar
 * records; the main record as {@code state/main}). Exactly the bytes the stream would hold in
 * its stores, so {@link ModelExport} reads both the same way.
 *
 * @param state per-bar records by relative key
 */
public record SavedState(String symbol, byte[] model, MapStateStore state) {

  private static final String MAIN = "main";

  /** Saves {@code f}'s complete current state. */
  public static void write(SymbolForecaster f, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      entry(zip, "symbol", f.symbol().getBytes(StandardCharsets.UTF_8));
      entry(zip, "model", f.modelBytes());
      for (Map.Entry<String, byte[]> e : f.fullState().contents().entrySet()) {
        entry(zip, "state/" + (e.getKey().isEmpty() ? MAIN : e.getKey()), e.getValue());
      }
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Reads a file written by {@link #write}. */
  public static SavedState read(Path file) throws IOException {
    String symbol = null;
    byte[] model = null;
    MapStateStore state = new MapStateStore();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
          bytes = in.readAllBytes();
        }
        if (e.getName().equals("symbol")) {
          symbol = new String(bytes, StandardCharsets.UTF_8);
        } else if (e.getName().equals("model")) {
          model = bytes;
        } else if (e.getName().startsWith("state/")) {
          String key = e.getName().substring("state/".length());
          state.put(key.equals(MAIN) ? SymbolForecaster.MAIN_KEY : key, bytes);
        }
      }
    }
    if (symbol == null || model == null) {
      throw new IOException(file + " is not a saved tickcast state (no symbol or model entry)");
    }
    return new SavedState(symbol, model, state);
  }
}
