package dev.mcpkit.server;

import dev.mcpkit.core.jsonschema.SchemaGenerator;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.PromptArgument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A prompt the server offers. Made like a tool: {@link #of} for the common case, {@link #builder} for the rest. Its
 * arguments are best declared by a record, as a tool's input is: each component is an argument ({@code Optional}
 * ones are optional, {@code @Description} describes them) and the handler receives the record.
 *
 * <pre>{@code
 * record Topic(@Description("What to review") String topic) {}
 * ServerPrompt.of("review", "Asks for a review", Topic.class,
 *     (in, ctx) -> GetPromptResult.of("Review", PromptMessage.user("Please review " + in.topic())));
 * }</pre>
 */
public final class ServerPrompt {

  private static final Set<String> SCALARS = Set.of("string", "integer", "number", "boolean");

  private final Prompt definition;
  private final PromptHandler handler;
  private final Map<String, Completer> completers;
  private final Set<String> requiredScopes;
  private final Builder settings;

  private ServerPrompt(Builder b) {
    this.handler = Objects.requireNonNull(b.handler, () -> "prompt " + b.name + " has no handler");
    this.definition = new Prompt(b.name, b.title, b.description, b.arguments, b.icons, b.meta);
    Set<String> names = new HashSet<>();
    b.arguments.forEach(a -> names.add(a.name()));
    for (String argument : b.completers.keySet()) {
      if (!names.contains(argument)) {
        throw new IllegalArgumentException("prompt " + b.name + " has no argument " + argument);
      }
    }
    this.completers = Map.copyOf(b.completers);
    this.requiredScopes = b.requiredScopes;
    this.settings = b.copy();
  }

  /** A prompt without arguments. */
  public static ServerPrompt of(String name, String description, PromptHandler handler) {
    return builder(name).description(description).handler(handler).build();
  }

  /** A prompt whose arguments are the components of {@code argumentsType}, bound for the handler. */
  public static <A> ServerPrompt of(String name, String description, Class<A> argumentsType,
      TypedPromptHandler<A> handler) {
    return builder(name).description(description).handler(argumentsType, handler).build();
  }

  /** A builder for a prompt with this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this prompt's settings, to make a changed copy. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** The prompt's name. */
  public String name() {
    return definition.name();
  }

  /** What {@code prompts/list} shows. */
  public Prompt definition() {
    return definition;
  }

  /** Renders the prompt (typed handlers are wrapped into this). */
  public PromptHandler handler() {
    return handler;
  }

  /** Completers for arguments, by argument name. */
  public Map<String, Completer> completers() {
    return completers;
  }

  /**
   * The OAuth scopes a caller needs for {@code prompts/get} on it (besides the server-wide ones); enforced by the
   * transport's {@code RequestGuard}.
   */
  public Set<String> requiredScopes() {
    return requiredScopes;
  }

  /** Builds a {@link ServerPrompt}; every setter replaces the earlier value. */
  public static final class Builder extends FeatureBuilder<Builder> {
    private List<PromptArgument> arguments = List.of();
    private PromptHandler handler;
    private Map<String, Completer> completers = new LinkedHashMap<>();

    private Builder(String name) {
      super(name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Declares the arguments by hand, for an untyped {@link #handler(PromptHandler)}; a typed handler declares them
     * from its record. Required ones are checked before the handler runs.
     */
    public Builder arguments(List<PromptArgument> arguments) {
      this.arguments = List.copyOf(arguments);
      return this;
    }

    /** A handler that reads the arguments as strings ({@link PromptRequest#arguments()}). */
    public Builder handler(PromptHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * A handler with typed arguments; also declares the arguments from the type (name, {@code @Description},
     * required unless {@code Optional}). Arguments arrive as strings, so components are strings, numbers, booleans
     * or enums; a value that does not fit the component is -32602.
     *
     * @throws IllegalArgumentException for a type that is not a record of such components
     */
    public <A> Builder handler(Class<A> argumentsType, TypedPromptHandler<A> handler) {
      Objects.requireNonNull(handler, "handler");
      this.arguments = argumentsOf(argumentsType);
      this.handler = request -> handler.get(request.arguments(argumentsType), request);
      return this;
    }

    /** A completer for one argument ({@code completion/complete}); {@link #build} checks the argument exists. */
    public Builder completer(String argument, Completer completer) {
      completers.put(Objects.requireNonNull(argument, "argument"), Objects.requireNonNull(completer, "completer"));
      return this;
    }

    /**
     * The prompt.
     *
     * @throws NullPointerException without a handler
     * @throws IllegalArgumentException for a completer of an argument it does not have
     */
    public ServerPrompt build() {
      return new ServerPrompt(this);
    }

    private Builder copy() {
      Builder b = new Builder(name);
      b.arguments = arguments;
      b.handler = handler;
      b.completers = new LinkedHashMap<>(completers);
      return copyFeatureInto(b);
    }

    // The record's generated schema is the one tools use; its properties become the argument list.
    private List<PromptArgument> argumentsOf(Class<?> type) {
      ObjectNode schema;
      try {
        schema = SchemaGenerator.schemaFor(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("prompt " + name + ": " + e.getMessage());
      }
      Set<String> required = new HashSet<>();
      schema.path("required").forEach(n -> required.add(n.asString()));
      List<PromptArgument> out = new ArrayList<>();
      for (var e : schema.path("properties").properties()) {
        JsonNode t = e.getValue().get("type");
        if (t == null || !SCALARS.contains(t.asString())) {
          throw new IllegalArgumentException("prompt " + name + ": argument " + e.getKey() + " of " + type.getName()
              + " must be a string, number, boolean or enum (prompt arguments are strings on the wire)");
        }
        JsonNode d = e.getValue().get("description");
        out.add(new PromptArgument(e.getKey(), null, d == null ? null : d.asString(), required.contains(e.getKey())));
      }
      return List.copyOf(out);
    }
  }
}
