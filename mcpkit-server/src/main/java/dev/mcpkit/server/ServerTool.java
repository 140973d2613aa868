package dev.mcpkit.server;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.JsonSchema;
import dev.mcpkit.core.jsonschema.SchemaGenerator;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.schema.CallToolResult;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.schema.ToolAnnotations;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool the server offers: its definition, its handler, and its compiled schemas. Made like every server feature:
 * {@link #of} for the common case, {@link #builder(String)} for the rest, {@link #toBuilder()} for a changed copy.
 * Three handler tiers: {@link ToolHandler} (raw JSON arguments), {@link TypedToolHandler} (arguments bound to a
 * record whose schema is the input schema) and {@link StructuredToolHandler} (a record result too, which becomes
 * {@code structuredContent} under a generated {@code outputSchema}); and {@link RawToolHandler} for a result that is
 * JSON already (one passed on from another server).
 *
 * <pre>{@code
 * record Greet(@Description("Who to greet") String name) {}
 * ServerTool.of("greet", "Greets someone", Greet.class, (in, ctx) -> ToolResults.text("Hello, " + in.name()));
 * }</pre>
 */
public final class ServerTool {

  private final Tool definition;
  private final ToolHandler handler;
  private final RawToolHandler raw;
  private final JsonSchema inputSchema;
  private final JsonSchema outputSchema;
  private final List<McpHeaders.HeaderParam> headerParams;
  private final Set<String> requiredScopes;
  private final Builder settings;

  private ServerTool(Tool definition, Builder settings, Set<String> requiredScopes) {
    this.definition = definition;
    this.settings = settings;
    // one path in the server: every handler's result becomes JSON (as the encoder made it of a CallToolResult anyway)
    RawToolHandler given = settings.raw;
    ToolHandler typed = settings.handler;
    this.raw = given != null ? given : call -> {
      CallToolResult r = typed.call(call);
      return r == null ? null : ToolResultTrees.of(r);
    };
    this.handler = typed != null ? typed : call -> {
      ObjectNode r = given.call(call);
      return r == null ? null : Json.convert(r, CallToolResult.class);
    };
    this.requiredScopes = requiredScopes;
    // A schema mcpkit made (generated from a record type, or the default {"type":"object"}) is not checked
    // against the meta-schema and is compiled on first use; a given one is checked and compiled here,
    // so that a bad one fails build() (JsonSchema.compileGenerated).
    boolean inputGenerated = settings.inputSchema == null || settings.inputGenerated;
    this.inputSchema = inputGenerated ? JsonSchema.compileGenerated(definition.inputSchema())
        : JsonSchema.compile(definition.inputSchema());
    this.outputSchema = definition.outputSchema() == null ? null : settings.outputGenerated
        ? JsonSchema.compileGenerated(definition.outputSchema()) : JsonSchema.compile(definition.outputSchema());
    try {
      this.headerParams = McpHeaders.headerParams(definition.inputSchema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tool " + definition.name() + ": " + e.getMessage());
    }
  }

  /** A tool whose handler reads the arguments as JSON; its input schema accepts any object. */
  public static ServerTool of(String name, String description, ToolHandler handler) {
    return builder(name).description(description).handler(handler).build();
  }

  /** A tool whose arguments bind to {@code argumentsType}, whose generated schema is the input schema. */
  public static <A> ServerTool of(String name, String description, Class<A> argumentsType,
      TypedToolHandler<A> handler) {
    return builder(name).description(description).handler(argumentsType, handler).build();
  }

  /**
   * A tool with typed arguments and a typed result: the result becomes {@code structuredContent} (and a text block
   * with the same JSON), and the schema generated from {@code resultType} is the tool's {@code outputSchema}.
   */
  public static <A, R> ServerTool of(String name, String description, Class<A> argumentsType, Class<R> resultType,
      StructuredToolHandler<A, R> handler) {
    return builder(name).description(description).handler(argumentsType, resultType, handler).build();
  }

  /** A builder for a tool with this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this tool's settings, to make a changed copy. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** The tool's name. */
  public String name() {
    return definition.name();
  }

  /** The definition listed by {@code tools/list}. */
  public Tool definition() {
    return definition;
  }

  /** Runs the tool (typed handlers are wrapped into this; a {@link RawToolHandler}'s result is converted). */
  public ToolHandler handler() {
    return handler;
  }

  /**
   * Runs the tool with its result as JSON: a {@link RawToolHandler}'s as it returned it, any other handler's result
   * converted. This is what the server calls.
   */
  public RawToolHandler rawHandler() {
    return raw;
  }

  /** The compiled input schema; arguments are validated against it before the handler runs. */
  public JsonSchema inputSchema() {
    return inputSchema;
  }

  /** The arguments mirrored into {@code Mcp-Param-*} headers ({@code x-mcp-header}). */
  public List<McpHeaders.HeaderParam> headerParams() {
    return headerParams;
  }

  /** The compiled output schema, or {@code null}. */
  public JsonSchema outputSchema() {
    return outputSchema;
  }

  /** Whether the handler was declared to never wait ({@link Builder#nonBlocking()}). */
  public boolean nonBlocking() {
    return settings.nonBlocking;
  }

  /**
   * The OAuth scopes a caller needs to call this tool, besides the server-wide ones ({@link
   * McpServer#requiredScopes(dev.mcpkit.core.jsonrpc.JsonRpcRequest)}). The transport's {@code RequestGuard}
   * enforces them; without a guard every request is anonymous and they are not checked.
   */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  /**
   * Builds a {@link ServerTool}; every setter replaces the earlier value. A schema given as JSON is checked and
   * compiled by {@link #build()}; one generated from a record is compiled at the tool's first call.
   */
  public static final class Builder extends FeatureBuilder<Builder> {
    private ObjectNode inputSchema;
    private ObjectNode outputSchema;
    // whether the schema above came from SchemaGenerator (and is still the builder's own copy)
    private boolean inputGenerated;
    private boolean outputGenerated;
    private ToolAnnotations annotations;
    private ToolHandler handler;
    private boolean nonBlocking;
    private RawToolHandler raw;

    private Builder(String name) {
      super(name);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The input schema, as a JSON object (kept exactly as given, {@code $defs} and all). */
    public Builder inputSchema(JsonNode schema) {
      this.inputSchema = asObject(schema, "input schema");
      this.inputGenerated = false;
      return this;
    }

    /** The input schema, as JSON text. */
    public Builder inputSchema(String schemaJson) {
      return inputSchema(Json.parse(schemaJson));
    }

    /** The input schema generated from a record type. */
    public Builder inputSchema(Class<?> argumentsType) {
      inputSchema(SchemaGenerator.schemaFor(argumentsType));
      this.inputGenerated = true;
      return this;
    }

    /** The output schema; results must then carry matching {@code structuredContent}. */
    public Builder outputSchema(JsonNode schema) {
      this.outputSchema = asObject(schema, "output schema");
      this.outputGenerated = false;
      return this;
    }

    /** The output schema generated from a record type. */
    public Builder outputSchema(Class<?> resultType) {
      outputSchema(SchemaGenerator.schemaFor(resultType));
      this.outputGenerated = true;
      return this;
    }

    /** Hints for clients (read-only, destructive, idempotent, open-world). */
    public Builder annotations(ToolAnnotations annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * Declares that the handler never waits, so that the Streamable HTTP transport may run it on the server's I/O
     * thread (the Jetty thread that read the request) instead of starting a virtual thread for the call: cheaper and
     * faster for a handler that only computes.
     *
     * <p>The contract: the handler does no I/O (files, network, a database), takes no lock that is held for long,
     * never sleeps or waits for another thread, and finishes quickly. Progress and log notifications are fine (they
     * are queued, never written while the handler runs; its events and result go out in one write). It may not ask
     * the client anything in a 2025 session (elicitation, sampling, roots), since that waits for the client's answer:
     * such a request fails at once with a JSON-RPC internal error saying so, and never blocks the thread. (In the
     * 2026-07-28 era asking returns an input-required result instead of waiting, which is allowed.) A handler that
     * breaks the contract stalls every connection served by that thread.
     *
     * <p>Where the call cannot be served on the I/O thread anyway (a guard that may block, a session cluster, a
     * JSON-RPC batch, the stdio transport) the declaration changes nothing.
     */
    public Builder nonBlocking() {
      this.nonBlocking = true;
      return this;
    }

    /** A handler that reads the arguments as JSON ({@link ToolCall#arguments()}). */
    public Builder handler(ToolHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      this.raw = null;
      return this;
    }

    /**
     * A handler whose result is JSON, encoded as it is once checked ({@link RawToolHandler} says what is checked);
     * replaces a handler set before, as each handler setter does.
     */
    public Builder rawHandler(RawToolHandler handler) {
      this.raw = Objects.requireNonNull(handler, "handler");
      this.handler = null;
      return this;
    }

    /** A handler with typed arguments; also sets the input schema from the type unless set. */
    public <A> Builder handler(Class<A> argumentsType, TypedToolHandler<A> handler) {
      Objects.requireNonNull(handler, "handler");
      if (inputSchema == null) {
        inputSchema(argumentsType);
      }
      this.handler = call -> handler.call(call.arguments(argumentsType), call);
      this.raw = null;
      return this;
    }

    /**
     * A handler with typed arguments and a typed result; sets the input schema from {@code argumentsType} unless set,
     * and the output schema from {@code resultType}. The result becomes {@code structuredContent} plus a text block
     * with the same JSON ({@link ToolResults#structured}).
     */
    public <A, R> Builder handler(Class<A> argumentsType, Class<R> resultType, StructuredToolHandler<A, R> handler) {
      Objects.requireNonNull(handler, "handler");
      outputSchema(resultType);
      return handler(argumentsType, (arguments, context) -> {
        R result = handler.call(arguments, context);
        return result == null ? null : ToolResults.structured(result);
      });
    }

    /**
     * @throws IllegalStateException without a handler
     * @throws dev.mcpkit.core.jsonschema.InvalidSchemaException for an invalid schema
     */
    public ServerTool build() {
      if (handler == null && raw == null) {
        throw new IllegalStateException("tool " + name + " has no handler");
      }
      ObjectNode input = inputSchema != null ? inputSchema : emptyObjectSchema();
      return new ServerTool(new Tool(name, title, description, input, outputSchema, annotations, icons, null, meta),
          copy(), requiredScopes);
    }

    private Builder copy() {
      Builder b = new Builder(name);
      b.inputSchema = inputSchema;
      b.outputSchema = outputSchema;
      b.inputGenerated = inputGenerated;
      b.outputGenerated = outputGenerated;
      b.annotations = annotations;
      b.handler = handler;
      b.nonBlocking = nonBlocking;
      b.raw = raw;
      return copyFeatureInto(b);
    }

    private static ObjectNode emptyObjectSchema() {
      ObjectNode s = Json.object();
      s.put("type", "object");
      return s;
    }

    private static ObjectNode asObject(JsonNode schema, String what) {
      if (!(schema instanceof ObjectNode o)) {
        throw new IllegalArgumentException("the " + what + " must be a JSON object");
      }
      return o;
    }
  }
}
