package dev.mcpkit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#parse} reads a well-formed document once, with duplicate keys refused where the tree is
 * built, and reads a refused one again with the strict reader, so that every error is the one the
 * strict reader gives (the first problem in document order, in its words).
 */
class JsonReadOnceTest {

  @Test
  void aWellFormedDocumentIsReadOnce() {
    long before = Json.strictReads();
    for (String doc : new String[] {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"m\":\"hi\"}}}",
        "[{\"a\":{\"b\":1},\"b\":{\"a\":2.5e10}},{\"a\":[1,2,{\"a\":null}]}]", "\"text\"", "12"}) {
      Json.parse(doc);
      Json.parse(doc.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Json.strictReads() - before).isZero();
  }

  @Test
  void aRefusedDocumentGetsTheStrictReadersErrorInEveryCase() {
    String[] docs = {
        "{\"method\":\"tools/call\",\"method\":\"tools/list\"}",
        "{\"a\":{\"b\":1,\"b\":2}}",
        "[{\"x\":[{\"k\":1,\"k\":1}]}]",
        "{\"a\":1,\"\\u0061\":2}", // the same key, escaped
        "{\"a\":1,\"a\":tru}", // the strict reader names the duplicate, before the bad value
        "{\"a\":1,\"a\":{\"b\":}}",
        "{\"a\":{\"c\":1,\"c\":[}}",
        "{\"a\":1,\"b\":}",
        "{\"a\":1e5000,\"a\":1}",
        "{\"params\":{\"x\":1e5000}}",
        "{\"a\":[1,2,\"a\":1]}",
    };
    for (String doc : docs) {
      long before = Json.strictReads();
      Throwable fromParse = catchThrowable(() -> Json.parse(doc.getBytes(StandardCharsets.UTF_8)));
      Throwable fromString = catchThrowable(() -> Json.parse(doc));
      Throwable strict = catchThrowable(() -> Json.mapper().readTree(doc.getBytes(StandardCharsets.UTF_8)));
      Throwable strictString = catchThrowable(() -> Json.mapper().readTree(doc));
      assertThat(fromParse).as(doc).isNotNull();
      assertThat(Json.strictReads() - before).as(doc).isEqualTo(2);
      if (!doc.contains("e5000")) {
        // the strict mapper's own exception, word for word (with a number out of range, Json locates the
        // problem itself: JsonStrictnessTest pins those)
        assertThat(fromParse).as(doc).hasSameClassAs(strict);
        assertThat(fromParse).as(doc).hasMessage(strict.getMessage());
        assertThat(fromString).as(doc).hasSameClassAs(strictString).hasMessage(strictString.getMessage());
      }
    }
  }
}
