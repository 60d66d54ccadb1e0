package io.tickcast.model.pipeline;

import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory {@link StateStore} (backtest, tests, export of a backtest's saved state), which
 * also counts the bytes written. Not thread-safe.
 */
public final class MapStateStore implements StateStore {

  private final Map<String, byte[]> map = new TreeMap<>();
  private long bytesWritten;
  private long writes;

  @Override
  public byte[] get(String key) {
    return map.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
      bytesWritten += key.length() + value.length;
    }
    writes++;
  }

  /** A read-only view of the contents, keys sorted. */
  public Map<String, byte[]> contents() {
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Key plus value bytes of all puts so far (what a changelog would carry). */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Puts and deletes so far. */
  public long writes() {
    return writes;
  }
}
