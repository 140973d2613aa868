package dev.mcpkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CallToolRequestParams;
import dev.mcpkit.core.schema.Icon;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InitializeRequestParams;
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
    CallToolRequestParams converted = Json.convert(node, CallToolRequestParams.class);
    assertThat(ParamReads.toolCall(node)).isEqualTo(new ParamReads.ToolCall(converted.name(), converted.arguments()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"name\":[]}", "{\"name\":\"t\",\"arguments\":[1]}", "{\"name\":\"t\",\"_meta\":\"x\"}",
      "{\"name\":\"t\",\"task\":7}", "{\"name\":\"t\",\"inputResponses\":[]}", "{\"name\":\"t\",\"requestState\":{}}"})
  void callToolParamsTheConversionRefusesAreRefusedAlike(String json) {
    // The members not read are still checked: a _meta, task or inputResponses that is not an object is refused.
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThatThrownBy(() -> Json.convert(node, CallToolRequestParams.class)).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> ParamReads.toolCall(node)).isInstanceOf(JacksonException.class);
  }

  @Test
  void aToolCallsMetaIsNotCopied() {
    ObjectNode params = (ObjectNode) Json.parse("{\"name\":\"echo\",\"arguments\":{},\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientInfo\":"
        + "{\"name\":\"wrk\",\"version\":\"1\"},\"io.modelcontextprotocol/clientCapabilities\":"
        + "{\"roots\":{},\"sampling\":{},\"elicitation\":{}}}}");
    long before = allocated();
    for (int i = 0; i < 1_000; i++) {
      ParamReads.toolCall(params);
    }
    // A copy of that _meta (six objects, their maps and members) would be over a kilobyte a read; the read itself
    // (the record, the arguments' copy, an iterator) is a fraction of that.
    assertThat((allocated() - before) / 1_000).isLessThan(500);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"wrk\",\"version\":\"1\"}}",
      "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},"
          + "\"elicitation\":{\"form\":{}},\"experimental\":{\"x\":{}},\"extensions\":{\"e\":{}},\"tasks\":{},"
          + "\"other\":1},\"clientInfo\":{\"name\":\"c\",\"version\":\"2\",\"icons\":[{\"src\":\"https://x/i.png\"}]},"
          + "\"_meta\":{\"k\":[1]},\"extra\":true}",
      "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{}}",
      "{\"protocolVersion\":20250618,\"capabilities\":{\"roots\":null},\"clientInfo\":null}",
      "{\"protocolVersion\":null,\"capabilities\":null,\"_meta\":null}",
      "{\"capabilities\":{\"sampling\":{}},\"clientInfo\":{\"name\":5}}",
      "{}"})
  void initializeParamsReadAsTheConversionDoes(String json) {
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThat(ParamReads.initialize(node)).isEqualTo(Json.convert(node, InitializeRequestParams.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"protocolVersion\":[1]}", "{\"capabilities\":{\"roots\":[]}}", "{\"capabilities\":7}",
      "{\"clientInfo\":\"x\"}", "{\"clientInfo\":{\"name\":{}}}", "{\"_meta\":[]}"})
  void initializeParamsTheConversionRefusesAreRefusedAlike(String json) {
    ObjectNode node = (ObjectNode) Json.parse(json);
    assertThatThrownBy(() -> Json.convert(node, InitializeRequestParams.class)).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> ParamReads.initialize(node)).isInstanceOf(JacksonException.class);
  }

  @Test
  void theSessionsCapabilitiesAreCopiesOfTheRequests() {
    ObjectNode params = (ObjectNode) Json.parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{}},"
        + "\"_meta\":{}}");
    InitializeRequestParams p = ParamReads.initialize(params);
    p.capabilities().roots().put("changed", 1);
    p.meta().put("added", 1);
    assertThat(Json.write(params)).isEqualTo("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{}},"
        + "\"_meta\":{}}");
  }

  @Test
  void aHandlerChangingItsArgumentsLeavesTheRequestAlone() {
    ObjectNode params = (ObjectNode) Json.parse("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{}}");
    ParamReads.ToolCall p = ParamReads.toolCall(params);
    p.arguments().put("message", "changed");
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
