package dev.mcpkit.server;

import java.util.Map;

/** One {@code prompts/get}: the prompt's name and the arguments (required ones are checked). */
public interface PromptRequest extends RequestContext {

  String name();

  Map<String, String> arguments();
}
