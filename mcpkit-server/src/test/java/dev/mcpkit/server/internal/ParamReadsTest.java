package dev.mcpkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolRequestParams;
import dev.mcpkit.core.schema.Icon;
import dev.mcpkit.core.schema.Implementation;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ParamReads} reads exactly what the generic conversion reads, for the common shape and for
 * every shape it hands back to the conversion; and {@link Results#info} finds the server's identity
 * without hashing the record on every result.
 */
class ParamReadsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"wrk\",\"version\":\"1\"}",
      "{\"name\":\"a\",\"title\":\"T\",\"version\":\"2\",\"description\":\"d\",\"websiteUrl\":\"https://x\",\"extra\":\"e\"}",
      "{\"extra\":{\"deep\":[1,2]},\"name\":\"n\"}",
      "{\"name\":5,\"version\":true}",
      "{\"name\":null,\"version\":\"1\"}",
      "{\"name\":\"n\",\"icons\":[{\"src\":\"https://x/i.png\"}]}",
      "{}"})
  void clientInfoReadsAsTheConversionDoes(String json) {
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThat(ParamReads.implementation(node)).isEqualTo(Json.convert(node, Implementation.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"name\":[1]}", "{\"icons\":\"x\"}", "{\"name\":{}}"})
  void clientInfoTheConversionRefusesIsRefusedAlike(String json) {
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThatThrownBy(() -> Json.convert(node, Implementation.class)).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> ParamReads.implementation(node)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"progressToken\":\"p1\",\"x\":{\"y\":1}}}",
      "{\"name\":\"echo\",\"arguments\":{},\"requestState\":\"s\",\"inputResponses\":{\"a\":{}},\"task\":{\"ttl\":5},\"z\":1}",
      "{\"name\":\"echo\"}",
      "{\"name\":7,\"arguments\":{\"n\":1.5}}",
      "{\"name\":\"echo\",\"arguments\":null,\"_meta\":null}",
      "{\"name\":null}",
      "{}"})
  void callToolParamsReadAsTheConversionDoes(String json) {
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThat(ParamReads.callTool(node)).isEqualTo(Json.convert(node, CallToolRequestParams.class));
  }

  @Test
  void aHandlerChangingItsArgumentsLeavesTheRequestAlone() {
    ObjectNode params = (ObjectNode) Json.parse("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{}}");
    CallToolRequestParams p = ParamReads.callTool(params);
    p.arguments().put("message", "changed");
    p.meta().put("added", 1);
    assertThat(Json.write(params)).isEqualTo("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{}}");
  }

  @Test
  void theServerIdentityIsFoundWithoutHashingItOnEveryResult() {
    AtomicInteger hashes = new AtomicInteger();
    List<Icon> icons = new AbstractList<>() { // an identity whose hashing can be counted
      @Override
      public Icon get(int index) {
        throw new IndexOutOfBoundsException(index);
      }

      @Override
      public int size() {
        return 0;
      }

      @Override
      public int hashCode() {
        hashes.incrementAndGet();
        return 1;
      }
    };
    Implementation info = new Implementation("probe", null, "1", null, icons, null);
    var first = Results.info(info);
    for (int i = 0; i < 100; i++) {
      assertThat(Results.info(info)).isSameAs(first);
    }
    assertThat(Json.write(first)).isEqualTo("{\"name\":\"probe\",\"version\":\"1\",\"icons\":[]}");
    assertThat(hashes).hasValueLessThanOrEqualTo(1);
  }
}
