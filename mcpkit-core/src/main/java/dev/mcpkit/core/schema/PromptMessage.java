package dev.mcpkit.core.schema;

/** One message of a prompt. */
public record PromptMessage(
    Role role,
    Content content) {

  /** A user message with one text block. */
  public static PromptMessage user(String text) {
    return new PromptMessage(Role.USER, Content.text(text));
  }

  /** An assistant message with one text block. */
  public static PromptMessage assistant(String text) {
    return new PromptMessage(Role.ASSISTANT, Content.text(text));
  }
}
