package io.fulcrum.actuator.backend;

/** A backend could not do what was asked; the message is the reason put on the FAILED result. */
public class BackendException extends Exception {
  public BackendException(String reason) {
    super(reason);
  }

  public BackendException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
