package dev.mcpkit.server;

import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.PromptArgument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt the server offers.
 *
 * @param completers completers for arguments, by argument name
 * @param requiredScopes the OAuth scopes a caller needs for {@code prompts/get} on it (besides the server-wide
 *     ones); enforced by the transport's {@code RequestGuard}
 */
public record ServerPrompt(Prompt definition, PromptHandler handler, Map<String, Completer> completers,
    Set<String> requiredScopes) {

  public ServerPrompt {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(definition.name(), "name");
    Objects.requireNonNull(handler, "handler");
    completers = Map.copyOf(completers == null ? Map.of() : completers);
    requiredScopes = ScopeNames.copyOf(requiredScopes);
  }

  /** A prompt that needs no scope of its own. */
  public ServerPrompt(Prompt definition, PromptHandler handler, Map<String, Completer> completers) {
    this(definition, handler, completers, Set.of());
  }

  public static ServerPrompt of(String name, String description, List<PromptArgument> arguments, PromptHandler handler) {
    return new ServerPrompt(new Prompt(name, null, description, arguments, null, null), handler, Map.of());
  }

  public String name() {
    return definition.name();
  }

  /** A copy with a completer for one argument. */
  public ServerPrompt withCompleter(String argument, Completer completer) {
    List<PromptArgument> args = definition.arguments() == null ? List.of() : definition.arguments();
    if (args.stream().noneMatch(a -> a.name().equals(argument))) {
      throw new IllegalArgumentException("prompt " + name() + " has no argument " + argument);
    }
    Map<String, Completer> map = new HashMap<>(completers);
    map.put(argument, completer);
    return new ServerPrompt(definition, handler, map, requiredScopes);
  }

  /** A copy that needs these scopes to be used. */
  public ServerPrompt withRequiredScopes(String... scopes) {
    return new ServerPrompt(definition, handler, completers, ServerResource.ordered(scopes));
  }

  /** A required argument, for building prompt definitions. */
  public static PromptArgument required(String name, String description) {
    return new PromptArgument(name, null, description, true);
  }

  public static PromptArgument optional(String name, String description) {
    return new PromptArgument(name, null, description, false);
  }
}
