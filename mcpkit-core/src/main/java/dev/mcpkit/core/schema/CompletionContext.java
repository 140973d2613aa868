package dev.mcpkit.core.schema;

import java.util.Map;

/** Already-resolved arguments, to narrow completions. */
public record CompletionContext(
    Map<String,String> arguments) {}
