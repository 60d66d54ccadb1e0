package io.tickcast.app.api;

/**
 * A symbol's state changed while it was read, on every attempt: the stream thread writes the main
 * record and its sequence rows one by one, so a query between two writes sees rows of another
 * version than the main record (a torn read). Transient: the caller retries later (the REST API
 * answers 503 with Retry-After, the history sampler skips the symbol for the round).
 */
public final class StateInFluxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StateInFluxException(String symbol, int attempts, RuntimeException last) {
    super("state of '" + symbol + "' changed while read (" + attempts + " attempts): "
        + last.getMessage(), last);
  }
}
