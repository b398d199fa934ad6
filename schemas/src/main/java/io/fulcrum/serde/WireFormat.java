package io.fulcrum.serde;

/** Confluent's framing of a schema-registry encoded message. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte plus the 4-byte schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the magic byte and the big-endian schema id. */
  public static void writeHeader(java.io.ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  /** The schema id of a framed payload; the caller has checked the length and magic byte. */
  public static int schemaId(byte[] data) {
    return ((data[1] & 0xff) << 24)
        | ((data[2] & 0xff) << 16)
        | ((data[3] & 0xff) << 8)
        | (data[4] & 0xff);
  }
}
