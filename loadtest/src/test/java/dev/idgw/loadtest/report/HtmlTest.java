package dev.idgw.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void shouldEscapeTheFiveCharactersThatMeanSomethingInHtml() {
    assertThat(Html.escape("a & b < c > d \" e ' f")).isEqualTo("a &amp; b &lt; c &gt; d &quot; e &#39; f");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void shouldReplaceControlCharactersThatWouldBreakTheInlineSvg() {
    assertThat(Html.escape("a\u0000b\u001bc\td\ne")).isEqualTo("a\uFFFDb\uFFFDc\td\ne");
  }

  @Test
  void shouldKeepEmbeddedJsonMeaningTheSameWithoutAnyAngleBracket() {
    var json = new JsonObject().put("x", "</script><!-- & -->").encode();

    String embedded = Html.scriptJson(json);

    assertThat(embedded).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    assertThat(new JsonObject(embedded).getString("x")).isEqualTo("</script><!-- & -->");
  }
}
