package dev.mcpkit.core.uritemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Expansion cases are taken from RFC 6570, section 3.2 (the variables of its examples). */
class UriTemplateTest {

  static final Map<String, Object> RFC;

  static {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", List.of("one", "two", "three"));
    m.put("dom", List.of("example", "com"));
    m.put("dub", "me/too");
    m.put("hello", "Hello World!");
    m.put("half", "50%");
    m.put("var", "value");
    m.put("who", "fred");
    m.put("base", "http://example.com/home/");
    m.put("path", "/foo/bar");
    m.put("list", List.of("red", "green", "blue"));
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("semi", ";");
    keys.put("dot", ".");
    keys.put("comma", ",");
    m.put("keys", keys);
    m.put("v", "6");
    m.put("x", "1024");
    m.put("y", "768");
    m.put("empty", "");
    m.put("empty_keys", Map.of());
    RFC = m;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{var}|value",
      "{hello}|Hello%20World%21",
      "{half}|50%25",
      "O{empty}X|OX",
      "O{undef}X|OX",
      "{x,y}|1024,768",
      "{x,hello,y}|1024,Hello%20World%21,768",
      "?{x,empty}|?1024,",
      "{var:3}|val",
      "{list}|red,green,blue",
      "{list*}|red,green,blue",
      "{keys}|semi,%3B,dot,.,comma,%2C",
      "{keys*}|semi=%3B,dot=.,comma=%2C",
      "{+var}|value",
      "{+hello}|Hello%20World!",
      "{+half}|50%25",
      "{base}index|http%3A%2F%2Fexample.com%2Fhome%2Findex",
      "{+base}index|http://example.com/home/index",
      "{+path}/here|/foo/bar/here",
      "here?ref={+path}|here?ref=/foo/bar",
      "{#var}|#value",
      "{#hello}|#Hello%20World!",
      "{#path:6}/here|#/foo/b/here",
      "X{.var}|X.value",
      "X{.list*}|X.red.green.blue",
      "www{.dom*}|www.example.com",
      "{/var}|/value",
      "{/var,x}/here|/value/1024/here",
      "{/list*}|/red/green/blue",
      "{;x,y}|;x=1024;y=768",
      "{;x,y,empty}|;x=1024;y=768;empty",
      "{;list*}|;list=red;list=green;list=blue",
      "{?x,y}|?x=1024&y=768",
      "{?x,y,empty}|?x=1024&y=768&empty=",
      "{?list*}|?list=red&list=green&list=blue",
      "{?keys*}|?semi=%3B&dot=.&comma=%2C",
      "?fixed=yes{&x}|?fixed=yes&x=1024",
      "{&x,y,empty}|&x=1024&y=768&empty=",
  })
  void expandsAsRfc6570Says(String template, String expected) {
    assertThat(UriTemplate.parse(template).expand(RFC)).isEqualTo(expected);
  }

  @Test
  void matchesAndDecodes() {
    UriTemplate t = UriTemplate.parse("test://template/{id}/data");
    assertThat(t.variables()).containsExactly("id");
    assertThat(t.match("test://template/123/data")).contains(Map.of("id", "123"));
    assertThat(t.match("test://template/a%20b/data")).contains(Map.of("id", "a b"));
    assertThat(t.match("test://template/123/other")).isEmpty();
    assertThat(t.match("test://template//data")).isEmpty();
    assertThat(t.match("test://template/1/2/data")).isEmpty();

    UriTemplate files = UriTemplate.parse("file:///{+path}");
    assertThat(files.match("file:///src/main.rs")).contains(Map.of("path", "src/main.rs"));

    UriTemplate q = UriTemplate.parse("search://items{?q,limit}");
    assertThat(q.match("search://items?q=cats&limit=5")).contains(Map.of("q", "cats", "limit", "5"));
    assertThat(q.match("search://items")).contains(Map.of());
  }

  @Test
  void expansionAndMatchingAreInverse() {
    UriTemplate t = UriTemplate.parse("users://{org}/{user}/profile{?tab}");
    Map<String, String> values = Map.of("org", "acme corp", "user", "ünïcode", "tab", "a&b");
    String uri = t.expand(values);
    assertThat(uri).isEqualTo("users://acme%20corp/%C3%BCn%C3%AFcode/profile?tab=a%26b");
    assertThat(t.match(uri)).contains(values);
  }

  @Test
  void malformedTemplatesNameTheProblem() {
    assertThatThrownBy(() -> UriTemplate.parse("a{b")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> UriTemplate.parse("a}b")).hasMessageContaining("unmatched");
    assertThatThrownBy(() -> UriTemplate.parse("a{}")).hasMessageContaining("empty");
    assertThatThrownBy(() -> UriTemplate.parse("{=x}")).hasMessageContaining("reserved operator");
    assertThatThrownBy(() -> UriTemplate.parse("{a b}")).hasMessageContaining("bad variable name");
    assertThatThrownBy(() -> UriTemplate.parse("{a:0}")).hasMessageContaining("prefix");
  }
}
