package dev.mcpkit.cli;

import dev.mcpkit.auth.client.ClientCredentials;
import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpkit conformance-client <url>}: the client the official conformance suite drives in
 * client mode ({@code conformance/client.sh} runs it). The scenario comes from {@code
 * MCP_CONFORMANCE_SCENARIO}, its data from {@code MCP_CONFORMANCE_CONTEXT}, and the wire revision
 * from {@code MCP_CONFORMANCE_PROTOCOL_VERSION} (alpha suites; 2025-11-25 when absent). Each
 * scenario does what a real client would; the suite judges the wire.
 */
@Command(name = "conformance-client", mixinStandardHelpOptions = true,
    description = "Runs the scenario named by MCP_CONFORMANCE_SCENARIO against the conformance suite's mock server.")
final class ConformanceClientCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The mock server URL (the suite appends it).")
  String url;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String scenario = env("MCP_CONFORMANCE_SCENARIO", "");
    JsonNode context = Json.parse(env("MCP_CONFORMANCE_CONTEXT", "{}"));
    // The suite's scenarios default to the newest session-era revision.
    ProtocolVersion fallback = Era.SESSION.newest();
    ProtocolVersion version = ProtocolVersion.parse(env("MCP_CONFORMANCE_PROTOCOL_VERSION", fallback.id()))
        .orElse(fallback);
    err.println("conformance-client: scenario " + scenario + " at " + version + " against " + url);
    ClientHandlers handlers = ClientHandlers.none().withElicitation(ConformanceClientCommand::elicit);
    try (OAuthClient oauth = oauth(scenario, context);
        McpClient client = McpClient.builder().url(url).clientInfo("mcpkit-conformance-client", Main.versionString())
        .handlers(handlers).protocolVersion(version).requestTimeout(Duration.ofSeconds(20)).auth(oauth)
        .onWarning(w -> err.println("conformance-client: warning: " + PeerText.line(w, 4000)))
        .frameListener((d, json) -> err.println((d == dev.mcpkit.client.FrameListener.Direction.SENT ? "> " : "< ")
            + PeerText.json(json)))
        .connect()) {
      err.println("conformance-client: connected, " + client.protocolVersion() + " over " + client.serverInfo().transport());
      run(scenario, context, client, err);
    }
    return ExitCodes.OK;
  }

  /** The URL the auth/basic-cimd scenario expects as a Client ID Metadata Document client id. */
  static final URI CIMD_URL = URI.create("https://conformance-test.local/client-metadata.json");

  /**
   * The OAuth client a real user-less client would configure: tokens in memory, the mock's
   * redirect followed without a browser, a CIMD URL for servers that take one, and the context's
   * credentials (pre-registered for a user flow; client credentials for the auth/client-credentials-*
   * scenarios, which are machine clients by definition).
   */
  static OAuthClient oauth(String scenario, JsonNode context) {
    OAuthClient.Builder b = OAuthClient.builder().store(CredentialStore.memory()).headless()
        .clientName("mcpkit-conformance-client").clientMetadataUrl(CIMD_URL).loginTimeout(Duration.ofSeconds(15));
    String id = context.path("client_id").asString(null);
    String secret = context.path("client_secret").asString(null);
    if (scenario.startsWith("auth/client-credentials-") && id != null) {
      String pem = context.path("private_key_pem").asString(null);
      b.clientCredentials(pem != null
          ? ClientCredentials.privateKeyJwt(id, ClientCredentials.ecPrivateKeyFromPem(pem), null)
          : ClientCredentials.secret(id, secret));
    } else if (id != null) {
      b.preRegistered(new PreRegisteredClient(id, secret, context.path("issuer").asString(null)));
    }
    return b.build();
  }

  private static void run(String scenario, JsonNode context, McpClient client, PrintWriter err) {
    switch (scenario) {
      case "initialize" -> { }
      case "tools_call" -> {
        client.listAllTools();
        log(err, client.callTool("add_numbers", json("{\"a\":5,\"b\":3}"), RequestOptions.defaults()));
      }
      case "elicitation-sep1034-client-defaults" -> {
        client.listAllTools();
        log(err, client.callTool("test_client_elicitation_defaults", Json.object(), RequestOptions.defaults()));
      }
      case "sse-retry" -> {
        client.listAllTools();
        log(err, client.callTool("test_reconnection", Json.object(), RequestOptions.defaults()));
      }
      case "request-metadata" -> client.listAllTools();
      case String s when s.startsWith("auth/") -> {
        client.listAllTools();
        log(err, client.callTool("test-tool", Json.object(), RequestOptions.defaults()));
      }
      case "http-standard-headers" -> exerciseEverything(client, err);
      case "http-custom-headers" -> {
        client.listAllTools();
        for (JsonNode call : context.path("toolCalls")) {
          log(err, client.callTool(call.path("name").asString(), (ObjectNode) call.path("arguments"), RequestOptions.defaults()));
        }
      }
      case "http-invalid-tool-headers" -> {
        for (Tool t : client.listAllTools()) { // invalid definitions were dropped by the client
          log(err, client.callTool(t.name(), dummyArguments(t), RequestOptions.defaults()));
        }
      }
      case "json-schema-ref-no-deref" -> client.listAllTools();
      case "json-schema-2020-12-preservation" -> {
        List<Tool> tools = client.listAllTools();
        Tool fixture = tools.stream().filter(t -> t.name().equals("json_schema_2020_12_tool")).findFirst().orElseThrow();
        ObjectNode args = Json.object();
        args.set("schema", fixture.inputSchema());
        log(err, client.callTool("json_schema_echo", args, RequestOptions.defaults()));
      }
      case "sep-2322-client-request-state" -> {
        client.listAllTools();
        for (String tool : List.of("test_mrtr_echo_state", "test_mrtr_unrelated", "test_mrtr_no_state", "test_mrtr_no_result_type")) {
          log(err, client.callTool(tool, Json.object(), RequestOptions.defaults()));
        }
      }
      default -> {
        err.println("conformance-client: no specific steps for " + scenario + "; listing tools");
        client.listAllTools();
      }
    }
  }

  /** Lists everything and uses every item once, so each method's headers are seen. */
  private static void exerciseEverything(McpClient client, PrintWriter err) {
    var caps = client.serverInfo().capabilities();
    if (caps.tools() != null) {
      for (Tool t : client.listAllTools()) {
        log(err, client.callTool(t.name(), dummyArguments(t), RequestOptions.defaults()));
      }
    }
    if (caps.resources() != null) {
      for (Resource r : client.listAllResources()) {
        client.readResource(r.uri());
      }
    }
    if (caps.prompts() != null) {
      for (Prompt p : client.listAllPrompts()) {
        client.getPrompt(p.name(), java.util.Map.of());
      }
    }
  }

  /** Accepts every form: schema defaults first, then a plausible value for each remaining property. */
  static ElicitResult elicit(dev.mcpkit.core.schema.ElicitRequestParams params) {
    if (!(params instanceof ElicitRequestFormParams form)) {
      return new ElicitResult("decline", null, null);
    }
    ObjectNode content = ClientHandlers.defaults(form.requestedSchema());
    JsonNode props = form.requestedSchema() == null ? Json.object() : form.requestedSchema().path("properties");
    for (var e : props.properties()) {
      if (!content.has(e.getKey())) {
        content.set(e.getKey(), sample(e.getValue()));
      }
    }
    return new ElicitResult("accept", content, null);
  }

  private static ObjectNode dummyArguments(Tool t) {
    ObjectNode args = Json.object();
    JsonNode schema = t.inputSchema() == null ? Json.object() : t.inputSchema();
    for (var e : schema.path("properties").properties()) {
      args.set(e.getKey(), sample(e.getValue()));
    }
    return args;
  }

  private static JsonNode sample(JsonNode schema) {
    if (schema.has("default")) {
      return schema.get("default");
    }
    if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    return switch (schema.path("type").asString("string")) {
      case "boolean" -> Json.mapper().getNodeFactory().booleanNode(true);
      case "integer", "number" -> Json.mapper().getNodeFactory().numberNode(1);
      case "object" -> Json.object();
      case "array" -> Json.array();
      default -> Json.mapper().getNodeFactory().stringNode("us-west1");
    };
  }

  private static void log(PrintWriter err, CallToolResult r) {
    err.println("conformance-client: result " + Json.write(r));
  }

  private static ObjectNode json(String text) {
    return (ObjectNode) Json.parse(text);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
