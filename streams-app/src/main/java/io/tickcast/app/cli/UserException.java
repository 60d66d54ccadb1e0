package io.tickcast.app.cli;

/**
 * A mistake in what the user asked for (a missing file, a bad option value): printed as one line
 * on stderr, exit code 2, no stack trace unless {@code --verbose}.
 */
public final class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
