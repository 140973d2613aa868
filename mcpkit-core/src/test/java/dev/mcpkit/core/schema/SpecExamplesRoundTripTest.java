package dev.mcpkit.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcError;
import dev.mcpkit.core.jsonrpc.JsonRpcErrorResponse;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResult;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.testing.Repo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every example of the specification (one file per example, in a folder named after its type)
 * is read into mcpkit's wire types and written again; the JSON must come out unchanged.
 */
class SpecExamplesRoundTripTest {

  static Path examplesRoot() throws URISyntaxException {
    return Path.of(SpecExamplesRoundTripTest.class.getResource("/mcp-spec").toURI());
  }

  static Stream<Path> examples() throws Exception {
    Path root = examplesRoot();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".json") && p.getParent().getParent().getFileName().toString().equals("examples"))
          .sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(129);
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void roundTripsUnchanged(Path file) throws IOException {
    String type = file.getParent().getFileName().toString();
    JsonNode original = Json.parse(Files.readAllBytes(file));
    // Compare what goes on the wire: the bytes written, read back as JSON.
    JsonNode written = Json.parse(Json.writeBytes(roundTrip(type, original)));
    assertThat(written).as("%s re-written", file.getFileName()).isEqualTo(original);
  }

  /** The vendored copy must not drift from the shared specification. */
  @Test
  void vendoredExamplesMatchSharedSpec() throws Exception {
    Path shared;
    try {
      shared = Repo.shared().resolve("spec");
    } catch (IllegalStateException absent) {
      return; // a bare clone without ../shared: the vendored copy is the reference
    }
    Path vendored = examplesRoot();
    try (Stream<Path> s = Files.walk(shared)) {
      List<Path> sharedExamples = s.filter(p -> p.toString().contains("/schema/examples/") && p.toString().endsWith(".json")).toList();
      assertThat(sharedExamples).isNotEmpty();
      for (Path p : sharedExamples) {
        Path rel = shared.relativize(p); // <rev>/schema/examples/<Type>/<file>
        Path copy = vendored.resolve(rel.getName(0)).resolve(rel.subpath(2, rel.getNameCount()));
        assertThat(copy).as("vendored copy of " + rel).exists();
        assertThat(Files.readString(copy)).as(rel.toString()).isEqualTo(Files.readString(p));
      }
    }
  }

  static final Map<String, Class<?>> PARAMS_BY_METHOD = Map.ofEntries(
      Map.entry(Methods.TOOLS_CALL, CallToolRequestParams.class),
      Map.entry(Methods.TOOLS_LIST, PaginatedRequestParams.class),
      Map.entry(Methods.PROMPTS_LIST, PaginatedRequestParams.class),
      Map.entry(Methods.RESOURCES_LIST, PaginatedRequestParams.class),
      Map.entry(Methods.RESOURCES_TEMPLATES_LIST, PaginatedRequestParams.class),
      Map.entry(Methods.RESOURCES_READ, ReadResourceRequestParams.class),
      Map.entry(Methods.PROMPTS_GET, GetPromptRequestParams.class),
      Map.entry(Methods.COMPLETION_COMPLETE, CompleteRequestParams.class),
      Map.entry(Methods.SERVER_DISCOVER, RequestParams.class),
      Map.entry(Methods.SUBSCRIPTIONS_LISTEN, SubscriptionsListenRequestParams.class),
      Map.entry(Methods.NOTIFICATION_CANCELLED, CancelledNotificationParams.class),
      Map.entry(Methods.NOTIFICATION_PROGRESS, ProgressNotificationParams.class),
      Map.entry(Methods.NOTIFICATION_MESSAGE, LoggingMessageNotificationParams.class),
      Map.entry(Methods.NOTIFICATION_RESOURCES_UPDATED, ResourceUpdatedNotificationParams.class),
      Map.entry(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED, SubscriptionsAcknowledgedNotificationParams.class),
      Map.entry(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, NotificationParams.class),
      Map.entry(Methods.NOTIFICATION_PROMPTS_LIST_CHANGED, NotificationParams.class),
      Map.entry(Methods.NOTIFICATION_RESOURCES_LIST_CHANGED, NotificationParams.class));

  static JsonNode roundTrip(String type, JsonNode original) {
    if (original.has("jsonrpc")) {
      return roundTripMessage(type, JsonRpcCodec.read(original));
    }
    return switch (type) {
      case "ParseError", "InternalError", "InvalidParamsError", "MethodNotFoundError", "InvalidRequestError" ->
          Json.tree(Json.convert(original, JsonRpcError.class));
      case "InputRequests" -> typedMap(original, new TypeReference<Map<String, InputRequest>>() {});
      case "InputResponses" -> typedMap(original, new TypeReference<Map<String, InputResponse>>() {});
      case "ElicitRequest", "CreateMessageRequest", "ListRootsRequest" -> Json.tree(Json.convert(original, InputRequest.class));
      default -> Json.tree(Json.convert(original, schemaClass(type)));
    };
  }

  /** Maps of polymorphic values need their declared type when written (erasure hides it). */
  static <T> JsonNode typedMap(JsonNode original, TypeReference<T> type) {
    T value = Json.mapper().readerFor(type).readValue(original);
    return Json.parse(Json.mapper().writerFor(type).writeValueAsBytes(value));
  }

  static JsonNode roundTripMessage(String type, JsonRpcMessage message) {
    JsonRpcMessage rebuilt = switch (message) {
      case JsonRpcRequest r -> new JsonRpcRequest(r.id(), r.method(), typedParams(r.method(), r.params()));
      case JsonRpcNotification n -> new JsonRpcNotification(n.method(), typedParams(n.method(), n.params()));
      case JsonRpcResult r -> {
        String resultType = r.result().path("resultType").asString("");
        Class<?> cls = resultType.equals("input_required") ? InputRequiredResult.class
            : schemaClass(type.replaceFirst("Response$", ""));
        yield new JsonRpcResult(r.id(), Json.tree(Json.convert(r.result(), cls)));
      }
      case JsonRpcErrorResponse e -> e;
    };
    return JsonRpcCodec.toJson(rebuilt);
  }

  static ObjectNode typedParams(String method, ObjectNode params) {
    if (params == null) {
      return null;
    }
    Class<?> cls = PARAMS_BY_METHOD.get(method);
    assertThat(cls).as("params type for " + method).isNotNull();
    return (ObjectNode) Json.tree(Json.convert(params, cls));
  }

  static Class<?> schemaClass(String type) {
    try {
      return Class.forName("dev.mcpkit.core.schema." + type);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no wire type for " + type);
    }
  }
}
