package io.fulcrum.connect.source;

import java.util.Map;

/**
 * Where reading stopped in one tailed path: the identity of the file the last line came from (which
 * may be a rotated or copied file by now), the byte position after that line, and its {@link
 * Fingerprint}. Stored by Connect as the source offset of every record.
 */
public record TailPosition(String fileKey, long position, Fingerprint fingerprint) {
  static final String FILE = "file";
  static final String POSITION = "position";
  static final String FP_LENGTH = "fp.length";
  static final String FP_CRC = "fp.crc";

  public TailPosition {
    if (fileKey == null || fileKey.isEmpty()) {
      throw new IllegalArgumentException("file key is empty");
    }
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position);
    }
  }

  public Map<String, Object> toOffset() {
    return Map.of(
        FILE,
        fileKey,
        POSITION,
        position,
        FP_LENGTH,
        (long) fingerprint.length(),
        FP_CRC,
        fingerprint.crc());
  }

  /**
   * Reads an offset written by {@link #toOffset()}; null for none. Connect may hand numbers back as
   * any Number.
   */
  public static TailPosition fromOffset(Map<String, ?> offset) {
    if (offset == null || offset.isEmpty()) {
      return null;
    }
    Object file = offset.get(FILE);
    if (!(file instanceof String key)
        || !(offset.get(POSITION) instanceof Number pos)
        || !(offset.get(FP_LENGTH) instanceof Number len)
        || !(offset.get(FP_CRC) instanceof Number crc)) {
      throw new IllegalArgumentException(
          "not an access-log source offset (expected keys "
              + FILE
              + ", "
              + POSITION
              + ", "
              + FP_LENGTH
              + ", "
              + FP_CRC
              + "): "
              + offset);
    }
    if (len.longValue() < 0 || len.longValue() > Fingerprint.MAX_BYTES) {
      throw new IllegalArgumentException(
          FP_LENGTH + " must be 0.." + Fingerprint.MAX_BYTES + ": " + offset);
    }
    return new TailPosition(key, pos.longValue(), new Fingerprint(len.intValue(), crc.longValue()));
  }
}
