package dev.mcpkit.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one HTML escape of mcpkit's pages. */
class HtmlTest {

  @Test
  void escapesWhatCouldOpenATagOrCloseAnAttribute() {
    assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.escape("plain text, é \uD83D\uDE00")).isEqualTo("plain text, é \uD83D\uDE00");
    assertThat(Html.escape(null)).isEmpty();
  }
}
