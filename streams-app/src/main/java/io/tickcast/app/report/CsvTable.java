package io.tickcast.app.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small header-driven CSV as written by the backtest (no quoting). Columns are looked up by
 * name, so a writer may add columns without breaking the report.
 */
record CsvTable(Map<String, Integer> columns, List<String[]> rows) {

  /** Reads {@code file}; an absent file is an empty table. */
  static CsvTable read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new CsvTable(Map.of(), List.of());
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        return new CsvTable(Map.of(), List.of());
      }
      Map<String, Integer> cols = new HashMap<>();
      String[] names = header.split(",", -1);
      for (int i = 0; i < names.length; i++) {
        cols.put(names[i].trim(), i);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return new CsvTable(cols, rows);
    }
  }

  boolean has(String column) {
    return columns.containsKey(column);
  }

  String text(String[] row, String column) {
    Integer i = columns.get(column);
    return i == null || i >= row.length ? "" : row[i];
  }

  double num(String[] row, String column) {
    String t = text(row, column);
    try {
      return t.isEmpty() ? Double.NaN : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  long time(String[] row) {
    return (long) num(row, "ts");
  }

  /** The rows of one symbol (all rows when the table has no symbol column). */
  List<String[]> of(String symbol) {
    if (!has("symbol")) {
      return rows;
    }
    return rows.stream().filter(r -> symbol.equals(text(r, "symbol"))).toList();
  }
}
