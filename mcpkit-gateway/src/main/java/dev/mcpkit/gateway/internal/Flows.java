package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.GatewayNotice;
import dev.mcpkit.guard.Finding;
import dev.mcpkit.guard.Guard;
import dev.mcpkit.guard.ServerSurface;
import dev.mcpkit.guard.ToxicFlows;
import java.util.List;

/**
 * Toxic flows in what the gateway serves: mcpkit-guard's {@link ToxicFlows} over the served tools of
 * every upstream together, as a {@code TOXIC_FLOW} notice naming the served tools of each class.
 */
public final class Flows {

  private Flows() {}

  /** The notice for what {@code catalog} serves now, or {@code null} when no toxic flow is found. */
  public static GatewayNotice check(Catalog catalog, Guard guard) {
    List<ServerSurface> surfaces = catalog.servedTools();
    List<Finding> found = ToxicFlows.check(guard, surfaces);
    if (found.isEmpty()) {
      return null;
    }
    Finding f = found.getFirst();
    return new GatewayNotice(GatewayNotice.Kind.TOXIC_FLOW, String.join(", ", surfaces.stream()
        .map(ServerSurface::label).toList()), f.code() + " (" + f.severity().id() + ") " + f.title() + ": "
        + f.excerpt() + ". " + f.fix());
  }
}
