package dev.idgw.loadtest.truth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The three identity fields the privacy policy lets travel, by their config and share-log names. */
public enum Field {
  HASHED_EMAIL, DEVICE_ID, IP;

  /** {@code hashed_email}, {@code device_id}, {@code ip}: as in partners.yaml and share records. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Field fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** A compact form for the millions of observations a long run keeps. */
  public static int mask(Set<Field> fields) {
    int mask = 0;
    for (Field field : fields) {
      mask |= 1 << field.ordinal();
    }
    return mask;
  }

  public static Set<Field> fromMask(int mask) {
    var fields = EnumSet.noneOf(Field.class);
    for (Field field : values()) {
      if ((mask & (1 << field.ordinal())) != 0) {
        fields.add(field);
      }
    }
    return fields;
  }
}
