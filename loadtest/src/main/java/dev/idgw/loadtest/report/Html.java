package dev.idgw.loadtest.report;

/** Escaping for text and attribute values written into the report: everything from the JSON passes through here. */
final class Html {
  private Html() {}

  /** Safe as element text and inside a double- or single-quoted attribute value. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    var out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // Control characters other than tab and newline have no business in a report; a stray one would make
          // the XML of the inline SVG invalid.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * JSON embedded in a {@code <script type="application/json">} block: {@code <} becomes {@code \u003c}, so no
   * value can close the block ({@code </script>}) or open a comment; the JSON means the same.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
