package dev.mcpkit.guard;

import java.util.List;

/**
 * One detection rule, as written in a rule file.
 *
 * @param code a stable code ({@code MCP-G010}); never renumbered or reused
 * @param severity how bad a hit is
 * @param title what it detects, in a few words
 * @param why a paragraph: what the attack is and why a hit matters
 * @param fix what the server author or the user should do
 * @param example a text the rule catches (the README catalogue shows it; a test checks that it is caught)
 * @param scopes where it applies: {@code text} (descriptions, titles, instructions, schema strings), {@code name}
 *     (tool, prompt, resource and property names, with {@code _} and {@code -} read as spaces) and {@code launch}
 *     (a stdio server's command line from a host configuration file); {@code pin} rules are raised by
 *     {@link Pins#check} when a server differs from its pins, {@code flow} rules by {@link ToxicFlows#check}
 *     across the servers of one configuration; both have neither patterns nor a detector
 * @param patterns regular expressions (Java syntax, matched case-insensitively on the NFKC form of the text, with
 *     Unicode tag characters decoded to the ASCII they stand for and other invisible characters removed); a hit
 *     of any one is a finding
 * @param detector the name of a built-in detector instead of patterns (the README lists them), or {@code null}
 */
public record Rule(String code, Severity severity, String title, String why, String fix, String example,
    List<String> scopes, List<String> patterns, String detector) {

  /** Copies the lists. */
  public Rule {
    scopes = scopes == null || scopes.isEmpty() ? List.of("text") : List.copyOf(scopes);
    patterns = patterns == null ? List.of() : List.copyOf(patterns);
  }

  /** Whether the rule looks at fields of this kind ({@code text}, {@code name}, {@code launch}, {@code pin} or
   * {@code flow}). */
  public boolean appliesTo(String scope) {
    return scopes.contains(scope);
  }
}
