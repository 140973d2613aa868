package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.gateway.GatewayNotice;
import dev.mcpkit.gateway.GatewayNotice.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the gateway serves of one section (tools, prompts, or resources with their templates), computed from every
 * upstream's last listing in configuration order, so that a re-computation after a change decides collisions exactly
 * as the start did. Nothing is overwritten: a collision, a rename, a shortening and an item that cannot be served are
 * each a {@link GatewayNotice}. An item whose upstream definition did not change keeps the object served before, so
 * that a re-listing that changes nothing changes nothing downstream.
 */
final class Plan {

  /** One served item: its upstream, the upstream's definition, and what the gateway registered for it. */
  record Entry(String upstream, Object source, Object built) {}

  /** Served key (a tool or prompt name; {@code r} + URI, {@code t} + template pattern) to entry, in order. */
  final Map<String, Entry> served = new LinkedHashMap<>();
  final List<GatewayNotice> notices = new ArrayList<>();

  /** The empty plan. */
  Plan() {}

  /** The tools of {@code offers} (configuration order), reusing what {@code old} built for unchanged ones. */
  static Plan tools(String separator, Map<Link, Catalog.Offer> offers, Plan old) {
    Plan p = new Plan();
    offers.forEach((link, o) -> {
      for (Tool tool : o.tools) {
        String name = p.served(link, "tool", separator, tool.name());
        if (name != null) {
          p.put(name, link, "tool", tool.name(), tool, old, () -> Features.tool(link, name, tool));
        }
      }
    });
    return p;
  }

  /** The prompts of {@code offers}, as {@link #tools}. */
  static Plan prompts(String separator, Map<Link, Catalog.Offer> offers, Plan old) {
    Plan p = new Plan();
    offers.forEach((link, o) -> {
      for (Prompt prompt : o.prompts) {
        String name = p.served(link, "prompt", separator, prompt.name());
        if (name != null) {
          p.put(name, link, "prompt", prompt.name(), prompt, old,
              () -> Features.prompt(link, name, prompt, o.completions));
        }
      }
    });
    return p;
  }

  /**
   * The resources and templates of {@code offers}: URIs unchanged where unique, a later upstream's duplicate URI
   * rewritten ({@link Names#rewriteUri}); a duplicate template pattern is not served.
   */
  static Plan resources(Map<Link, Catalog.Offer> offers, Plan old) {
    Plan p = new Plan();
    offers.forEach((link, o) -> {
      String up = link.name();
      for (Resource res : o.resources) {
        String uri = res.uri();
        Entry owner = uri == null ? null : p.served.get("r" + uri);
        if (owner != null) { // served under a URI of the gateway's own instead
          uri = Names.rewriteUri(up, res.uri());
          p.notices.add(new GatewayNotice(Kind.COLLISION, up, "resource '" + shown(res.uri()) + "' of upstream '" + up
              + "' is served as '" + shown(uri) + "': upstream '" + owner.upstream() + "' already serves that URI"));
        }
        String served = uri;
        if (!p.collides(link, "resource", "r", served)) {
          p.put("r" + served, link, "resource", res.uri(), res, old, () -> Features.resource(link, res, served));
        }
      }
      for (ResourceTemplate tpl : o.templates) {
        if (!p.collides(link, "resource template", "t", tpl.uriTemplate())) {
          p.put("t" + tpl.uriTemplate(), link, "resource template", tpl.uriTemplate(), tpl, old,
              () -> Features.template(link, tpl, o.completions));
        }
      }
    });
    return p;
  }

  /** How many items each upstream has served here. */
  Map<String, Integer> counts() {
    Map<String, Integer> n = new HashMap<>();
    served.values().forEach(e -> n.merge(e.upstream(), 1, Integer::sum));
    return n;
  }

  /** The served name of an item, with its notices; {@code null} when another upstream already serves that name. */
  private String served(Link link, String kind, String separator, String name) {
    if (name == null || name.isEmpty()) {
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), "a " + kind + " without a name is not served"));
      return null;
    }
    Names.Served s = Names.serve(link.upstream().prefix(), separator, name);
    if (s.renamed()) {
      notices.add(new GatewayNotice(Kind.RENAMED, link.name(), kind + " '" + shown(name) + "' is served as '"
          + s.served() + "' (characters outside A-Z, a-z, 0-9, _, . and - replaced by _)"));
    }
    if (s.shortened()) {
      notices.add(new GatewayNotice(Kind.SHORTENED, link.name(), kind + " '" + shown(name) + "' is served as '"
          + s.served() + "' (served names have at most " + Names.MAX + " characters)"));
    }
    return collides(link, kind, "", s.served()) ? null : s.served();
  }

  private boolean collides(Link link, String kind, String keyPrefix, String served) {
    if (served == null || served.isEmpty()) {
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), "a " + kind + " without a URI is not served"));
      return true;
    }
    Entry owner = this.served.get(keyPrefix + served);
    if (owner == null) {
      return false;
    }
    notices.add(new GatewayNotice(Kind.COLLISION, link.name(), kind + " '" + shown(served) + "' of upstream '"
        + link.name() + "' is not served: upstream '" + owner.upstream() + "' already serves that "
        + (kind.startsWith("resource") ? "URI (URIs are served unchanged)" : "name (give one of them another prefix)")));
    return true;
  }

  private void put(String key, Link link, String kind, String name, Object source, Plan old, Supplier<Object> build) {
    Entry before = old == null ? null : old.served.get(key);
    if (before != null && before.upstream().equals(link.name()) && before.source().equals(source)) {
      served.put(key, before);
      return;
    }
    try {
      served.put(key, new Entry(link.name(), source, build.get()));
    } catch (RuntimeException e) { // a schema that does not compile, a URI that does not parse, ...
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), kind + " '" + shown(name) + "' is not served: "
          + shown(String.valueOf(e.getMessage()))));
    }
  }

  /** A name or URI from an upstream, as it may appear in a notice and a log line: escaped, bounded. */
  static String shown(String peerText) {
    return PeerText.line(peerText, 300);
  }
}
