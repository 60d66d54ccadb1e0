package io.tickcast.model;

/**
 * The model module's single unchecked root exception: corrupt or incompatible persisted bytes,
 * or an unexpected failure inside the network. Always keeps the underlying cause.
 */
public class ModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
