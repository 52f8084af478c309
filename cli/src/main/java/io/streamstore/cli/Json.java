package io.streamstore.cli;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON from plain values: {@link Map} (keys in iteration order), {@link Iterable}, {@link
 * CharSequence}, {@link Number}, {@link Boolean}, {@code null}, and {@link Raw} JSON written by
 * someone else (protobuf's {@code JsonFormat}). Small on purpose: the CLI only writes JSON.
 */
final class Json {

  private Json() {}

  /** A JSON text that is written as it is. */
  record Raw(String json) {}

  /** One compact line of JSON for {@code value}. */
  static String write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof Raw raw) {
      sb.append(raw.json());
    } else if (value instanceof CharSequence s) {
      quote(sb, s);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        // three decimals are plenty for rates and seconds, and keep the output stable to read
        sb.append(java.math.BigDecimal.valueOf(d).setScale(3, java.math.RoundingMode.HALF_UP)
            .stripTrailingZeros().toPlainString());
      } else {
        sb.append("null");
      }
    } else if (value instanceof Number || value instanceof Boolean) {
      sb.append(value);
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        quote(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append('}');
    } else if (value instanceof Iterable<?> list) {
      sb.append('[');
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        append(sb, it.next());
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append(']');
    } else {
      quote(sb, value.toString());
    }
  }

  private static void quote(StringBuilder sb, CharSequence s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
