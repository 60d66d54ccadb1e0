package io.tickcast.model.persistence;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.state.SymbolState;

/**
 * Encodes a {@link SymbolState} as compact bytes (a few KB at the defaults; the evaluator window
 * dominates). The symbol and the geometry ({@code T}, {@code B}, {@code F}, {@code evalWindow})
 * are embedded, so a state cannot be restored under another symbol or an incompatible
 * configuration. Stateless and thread-safe.
 */
public final class StateCodec {

  private StateCodec() {}

  public static byte[] encode(SymbolState state) {
    return Envelope.write(Envelope.KIND_STATE, state::writeTo);
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws ModelException if they are corrupt, for another symbol or for another geometry
   */
  public static SymbolState decode(byte[] bytes, String symbol, ForecasterConfig cfg) {
    return Envelope.read(bytes, Envelope.KIND_STATE, "state",
        in -> SymbolState.readFrom(in, symbol, cfg));
  }
}
