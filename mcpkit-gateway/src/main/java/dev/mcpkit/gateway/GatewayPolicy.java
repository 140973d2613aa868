package dev.mcpkit.gateway;

import dev.mcpkit.gateway.internal.Policy;
import java.util.Objects;

/**
 * The gateway's per-caller tool policy (the {@code gateway.policy} section of the configuration file,
 * see the module README): which callers see and may call which served tools, argument constraints, rate limits per
 * caller and tool, and the largest result passed back. A tool the policy denies a caller is left out of that caller's
 * {@code tools/list}, and its calls are refused with a JSON-RPC error naming the rule. Read from a file by {@link
 * GatewayConfig#policy()}; given to {@link Gateway.Builder#policy}.
 */
public final class GatewayPolicy {

  private final Policy policy;

  GatewayPolicy(Policy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The rules, for the gateway. */
  Policy rules() {
    return policy;
  }
}
