package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.schema.ToolAnnotations;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.guard.AuditLog;
import dev.mcpkit.server.Caller;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's per-caller tool policy: which callers may list and call which served tools, with
 * argument constraints, rate limits and a bound on result size. Rules are tried in order and the first whose
 * {@code tools} globs match the served name applies; its conditions (scopes, subjects, clients) are requirements, so a
 * caller who does not meet them is refused, never passed to a later rule. On top of the rule, a tool's annotations
 * (hints from the server being policed) can only add requirements: a tool not annotated {@code readOnlyHint: true}
 * needs the upstream's write scope when one is set, and one whose {@code destructiveHint} is not {@code false} its
 * destructive scope. A tool no rule names is allowed only when it is annotated read-only, or when the upstream has a
 * write scope and the caller holds it (the conservative default). Immutable apart from the rate-limit buckets;
 * thread-safe.
 */
public final class Policy {

  /** Where the policy's settings live in the configuration file, for messages. */
  static final String AT = "/gateway/policy";

  /** One rule: which tools, who may use them (or nobody), and the limits of that use. */
  record Rule(String at, List<Pattern> tools, boolean deny, Set<String> scopes, Set<String> subjects,
      Set<String> clients, List<PolicyChecks.Argument> arguments, PolicyChecks.Rate rate, long maxResultBytes) {}

  /** The scopes that writing and destructive tools of one upstream need ({@code null}: none set). */
  record Scopes(String write, String destructive, String writeAt, String destructiveAt) {}

  private final List<Rule> rules;
  private final Rule fallback;
  private final Map<String, Scopes> servers;
  private final Scopes defaults;
  private final PolicyChecks.Buckets buckets = new PolicyChecks.Buckets();
  private volatile AuditLog audit = AuditLog.none();

  Policy(List<Rule> rules, Rule fallback, Scopes defaults, Map<String, Scopes> servers) {
    this.rules = List.copyOf(rules);
    this.fallback = fallback;
    this.defaults = defaults;
    this.servers = Map.copyOf(new LinkedHashMap<>(servers));
  }

  /** Where refusals are recorded (the guard's audit log, when the gateway has one). */
  public void audit(AuditLog log) {
    this.audit = log == null ? AuditLog.none() : log;
  }

  /** Whether {@code caller} sees {@code served} (of {@code upstream}) listed. */
  public boolean visible(Optional<Caller> caller, String upstream, String served, ToolAnnotations annotations) {
    return upstream == null || denial(caller, upstream, served, annotations) == null;
  }

  /** A call allowed so far: its rule, whose result bound {@link #result} checks. */
  record Admission(Rule rule, String upstream, String original, String served, String caller) {}

  /**
   * Checks a call before it goes upstream: the rule, the annotations, the argument constraints and the rate limit.
   *
   * @throws McpException {@code -32602} naming the rule for a refused tool or argument, {@code -32603} for a rate limit
   */
  public Admission admit(Optional<Caller> caller, String upstream, String original, String served,
      ToolAnnotations annotations, ObjectNode arguments) {
    String who = CallerLabel.of(caller);
    Denial d = denial(caller, upstream, served, annotations);
    if (d == null) {
      Rule r = rule(served);
      PolicyChecks.Failed bad = PolicyChecks.arguments(r.arguments(), arguments == null ? Json.object() : arguments);
      if (bad != null) {
        d = new Denial(bad.at(), bad.why(), ErrorCodes.INVALID_PARAMS);
      } else if (r.rate() != null && !buckets.take(who + "\n" + served, r.rate())) {
        d = new Denial(r.rate().at(), "more than " + r.rate().calls() + " calls in " + Failures.seconds(
            r.rate().per()) + " by this caller", ErrorCodes.INTERNAL_ERROR);
      } else {
        return new Admission(r, upstream, original, served, who);
      }
    }
    throw refuse(d, upstream, original, served, who);
  }

  /**
   * Checks a result before it goes back to the caller.
   *
   * @throws McpException {@code -32603} naming the rule when it is larger than the rule allows (it is withheld)
   */
  public ObjectNode result(Admission a, ObjectNode result) {
    long max = a.rule().maxResultBytes();
    if (max > 0 && result != null) {
      long size = Json.write(result).getBytes(StandardCharsets.UTF_8).length;
      if (size > max) {
        throw refuse(new Denial(a.rule().at() + "/maxResultBytes", "its result has " + size + " bytes, more than the "
            + max + " allowed (withheld)", ErrorCodes.INTERNAL_ERROR), a.upstream(), a.original(), a.served(), a.caller());
      }
    }
    return result;
  }

  /** Why a policy refuses: the JSON path of the setting, the reason, and the JSON-RPC code. */
  private record Denial(String at, String why, int code) {}

  private Denial denial(Optional<Caller> caller, String upstream, String served, ToolAnnotations ann) {
    Rule r = rule(served);
    Caller c = caller == null ? null : caller.orElse(null);
    if (r.deny()) {
      return new Denial(r.at(), "the rule denies it to every caller", ErrorCodes.INVALID_PARAMS);
    }
    for (String s : r.scopes()) {
      if (c == null || !c.hasScope(s)) {
        return new Denial(r.at() + "/scopes", "it needs the scope " + s, ErrorCodes.INVALID_PARAMS);
      }
    }
    if (!r.subjects().isEmpty() && (c == null || !r.subjects().contains(c.subject()))) {
      return new Denial(r.at() + "/subjects", "the rule allows only some subjects, not this caller", ErrorCodes.INVALID_PARAMS);
    }
    if (!r.clients().isEmpty() && (c == null || !r.clients().contains(c.clientId()))) {
      return new Denial(r.at() + "/clients", "the rule allows only some OAuth clients, not this caller's", ErrorCodes.INVALID_PARAMS);
    }
    // annotations are the policed server's own hints: they may add requirements, never remove the rule's
    boolean readOnly = ann != null && Boolean.TRUE.equals(ann.readOnlyHint());
    boolean destructive = !readOnly && (ann == null || !Boolean.FALSE.equals(ann.destructiveHint()));
    Scopes sc = servers.getOrDefault(upstream, defaults);
    if (!readOnly && sc.write() != null && (c == null || !c.hasScope(sc.write()))) {
      return new Denial(sc.writeAt(), "it is not annotated readOnlyHint: true, so it needs the scope " + sc.write(),
          ErrorCodes.INVALID_PARAMS);
    }
    if (destructive && sc.destructive() != null && (c == null || !c.hasScope(sc.destructive()))) {
      return new Denial(sc.destructiveAt(), "it may be destructive (destructiveHint is not false), so it needs the scope "
          + sc.destructive(), ErrorCodes.INVALID_PARAMS);
    }
    if (r == fallback && !readOnly && sc.write() == null) {
      return new Denial(AT, "no rule names it, it is not annotated readOnlyHint: true, and upstream '" + upstream
          + "' has no writeScope", ErrorCodes.INVALID_PARAMS);
    }
    return null;
  }

  private Rule rule(String served) {
    for (Rule r : rules) {
      for (Pattern p : r.tools()) {
        if (p.matcher(served).matches()) {
          return r;
        }
      }
    }
    return fallback;
  }

  private McpException refuse(Denial d, String upstream, String original, String served, String who) {
    audit.naming(k -> served).event("blocked").caller(who).server(upstream).tool("tools/" + original)
        .code("policy " + d.at()).detail(d.why()).write();
    ObjectNode data = Json.object();
    data.put("upstream", upstream);
    data.put("policy", d.at());
    return new McpException(d.code(), "tool \"" + served + "\" refused for " + PeerText.line(who, 200)
        + " by the gateway's policy (" + d.at() + "): " + d.why(), data);
  }
}
