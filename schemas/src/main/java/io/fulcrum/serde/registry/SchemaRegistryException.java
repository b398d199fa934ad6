package io.fulcrum.serde.registry;

/**
 * A registry call failed: carries the HTTP status and Confluent's error code when there was a
 * response.
 */
public final class SchemaRegistryException extends RuntimeException {
  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE = 409;
  public static final int INVALID_SCHEMA = 42201;

  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.status = -1;
    this.errorCode = -1;
  }

  /** HTTP status, or -1 when no response came back. */
  public int status() {
    return status;
  }

  /** Confluent error code such as 40403, or -1. */
  public int errorCode() {
    return errorCode;
  }
}
