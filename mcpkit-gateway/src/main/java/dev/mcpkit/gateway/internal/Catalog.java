package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.gateway.GatewayNotice;
import dev.mcpkit.gateway.GatewayNotice.Kind;
import dev.mcpkit.gateway.UpstreamStatus;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway serves, and how it follows the upstreams' changes: it keeps each upstream's last listing and, per
 * section (tools, prompts, resources with templates), the {@link Plan} computed from all of them in configuration
 * order. At start the plans are registered on the server builder; when an upstream says a list changed, {@link
 * #refresh} re-lists that upstream, re-computes the section (collisions are decided again, as at start) and applies
 * the difference to the running server as one change ({@link McpServer#batch}), which tells downstream clients in their
 * era. A tool that went away is remembered, so that a call to it says so.
 */
public final class Catalog {

  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  /** How many removed tool names are remembered for a clearer error. */
  private static final int GONE_MAX = 1000;

  /** The lists an upstream announces changes of. */
  public enum Section {
    /** Its tools. */
    TOOLS,
    /** Its prompts. */
    PROMPTS,
    /** Its resources and resource templates. */
    RESOURCES
  }

  /** One upstream's last listings (empty when it offers none), and whether it offers completions. */
  static final class Offer {
    List<Tool> tools = List.of();
    List<Prompt> prompts = List.of();
    List<Resource> resources = List.of();
    List<ResourceTemplate> templates = List.of();
    boolean completions;
    final Map<Section, GatewayNotice> failures = new EnumMap<>(Section.class);
  }

  private final String separator;
  /** Configuration order; replaced as a whole when the configuration is reloaded ({@link #links}). */
  private volatile List<Link> links;
  private final Map<Link, Offer> offers = new LinkedHashMap<>(); // available upstreams, configuration order
  private final Map<Section, Plan> plans = new EnumMap<>(Section.class);
  private final Map<String, String> gone = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > GONE_MAX;
    }
  };

  /** A catalog of {@code links} (configuration order) whose served names join prefix and name with {@code separator}. */
  public Catalog(String separator, List<Link> links) {
    this.separator = separator;
    this.links = List.copyOf(links);
    for (Section s : Section.values()) {
      plans.put(s, new Plan());
    }
  }

  /** Lists every available upstream and registers what is served on {@code server}. */
  public synchronized void start(McpServerBuilder server) {
    for (Link link : links) {
      if (link.available()) {
        Offer o = new Offer();
        o.completions = link.client().serverInfo().capabilities().completions() != null;
        offers.put(link, o);
        for (Section s : Section.values()) {
          fetch(link, s, false).accept(o);
        }
      }
    }
    for (Section s : Section.values()) {
      Plan p = plan(s, null);
      plans.put(s, p);
      for (Plan.Entry e : p.served.values()) {
        switch (e.built()) {
          case ServerTool t -> server.tool(t);
          case ServerPrompt pr -> server.prompt(pr);
          case ServerResource r -> server.resource(r);
          case ServerResourceTemplate t -> server.resourceTemplate(t);
          default -> throw new IllegalStateException("not a feature");
        }
      }
    }
  }

  /**
   * Re-lists {@code section} of {@code link}'s upstream and applies what changed to {@code server}: one notification
   * downstream per changed list, none when nothing changed. New collisions, renames and skipped items are logged and
   * kept in {@link #notices()}. Blocks for the listing: call it off the thread that delivers the upstream's messages.
   */
  public void refresh(Link link, Section section, McpServer server) {
    if (!link.available()) {
      return; // lost meanwhile: listed again when it is back (Health)
    }
    java.util.function.Consumer<Offer> listed = fetch(link, section, true); // I/O outside the lock
    synchronized (this) {
      Offer o = offers.get(link);
      if (o == null) {
        return;
      }
      listed.accept(o);
      Plan old = plans.get(section);
      Plan now = plan(section, old);
      plans.put(section, now);
      now.notices.stream().filter(n -> !old.notices.contains(n)).forEach(n -> LOG.warn("{}", n));
      if (o.failures.get(section) != null) {
        LOG.warn("{}", o.failures.get(section));
      }
      apply(server, section, old, now);
    }
  }

  /**
   * The error for a call to a tool the gateway served and no longer does (its upstream removed it), or {@code null}
   * when the name was never served.
   */
  public synchronized McpException gone(String tool) {
    String upstream = gone.get(tool);
    for (Link l : links) { // hidden while its upstream is down: say that instead
      if (l.name().equals(upstream) && !l.available()) {
        return Failures.unavailable(upstream, l.error());
      }
    }
    return upstream == null ? null : McpException.invalidParams("Unknown tool: " + tool + " (upstream '" + upstream
        + "' no longer offers it; tools/list has the current tools)");
  }

  /** The upstream that serves the tool {@code served} now, or {@code null}. */
  public synchronized String upstreamOf(String served) {
    Plan.Entry e = plans.get(Section.TOOLS).served.get(served);
    return e == null ? null : e.upstream();
  }

  /**
   * The served tools as mcpkit-guard surfaces, one per upstream (configuration order), each tool under its served
   * name: what {@code ToxicFlows} classifies.
   */
  public synchronized List<dev.mcpkit.guard.ServerSurface> servedTools() {
    Map<String, tools.jackson.databind.node.ArrayNode> by = new LinkedHashMap<>();
    plans.get(Section.TOOLS).served.forEach((served, e) -> {
      if (e.source() instanceof Tool t) {
        tools.jackson.databind.node.ObjectNode o = (tools.jackson.databind.node.ObjectNode) dev.mcpkit.core.json.Json
            .tree(t);
        o.put("name", served);
        by.computeIfAbsent(e.upstream(), u -> dev.mcpkit.core.json.Json.array()).add(o);
      }
    });
    List<dev.mcpkit.guard.ServerSurface> out = new ArrayList<>();
    by.forEach((u, tools) -> {
      tools.jackson.databind.node.ObjectNode doc = dev.mcpkit.core.json.Json.object();
      doc.set("tools", tools);
      out.add(new dev.mcpkit.guard.ServerSurface(u, doc));
    });
    return out;
  }

  /**
   * {@code link}'s upstream was lost: what it served is no longer served (downstream clients are told the lists
   * changed); a call of one of its tools is an error naming it ({@link #gone}).
   */
  public synchronized void down(Link link, McpServer server) {
    if (offers.remove(link) != null) {
      replan(server);
    }
  }

  /**
   * {@code link}'s upstream is available (again, or newly configured): lists everything it offers and serves it in
   * its place of the configuration order (collisions decided as at start); downstream clients are told.
   */
  public void up(Link link, McpServer server) {
    if (!link.available()) {
      return;
    }
    Offer o = new Offer();
    o.completions = link.client().serverInfo().capabilities().completions() != null;
    for (Section s : Section.values()) {
      fetch(link, s, false).accept(o); // I/O outside the lock
    }
    synchronized (this) {
      if (!links.contains(link)) {
        return; // removed by a reload meanwhile
      }
      offers.put(link, o);
      Map<Link, Offer> ordered = new LinkedHashMap<>();
      links.stream().filter(offers::containsKey).forEach(l -> ordered.put(l, offers.get(l)));
      offers.clear();
      offers.putAll(ordered);
      replan(server);
    }
  }

  /**
   * The upstreams are now {@code now} (a reload): those no longer in it stop being served; those new in it are served
   * once {@link #up} lists them.
   */
  public synchronized void links(List<Link> now, McpServer server) {
    links = List.copyOf(now);
    if (offers.keySet().removeIf(l -> !now.contains(l))) {
      replan(server);
    }
  }

  /** The upstreams, in configuration order. */
  public List<Link> links() {
    return links;
  }

  private void replan(McpServer server) {
    for (Section s : Section.values()) {
      Plan old = plans.get(s);
      Plan now = plan(s, old);
      plans.put(s, now);
      now.notices.stream().filter(n -> !old.notices.contains(n)).forEach(n -> LOG.warn("{}", n));
      apply(server, s, old, now);
    }
  }

  /** Where a served resource URI is read from: the upstream and its own URI for it. */
  public record Route(Link link, String uri) {}

  /**
   * The upstream and upstream URI behind a served resource URI (a served resource, else the first served template
   * that matches), or {@code null} when nothing served has that URI.
   */
  public synchronized Route route(String uri) {
    Plan p = plans.get(Section.RESOURCES);
    Plan.Entry e = p.served.get("r" + uri);
    if (e != null && e.source() instanceof dev.mcpkit.core.schema.Resource r) {
      return link(e.upstream()) == null ? null : new Route(link(e.upstream()), r.uri());
    }
    for (Map.Entry<String, Plan.Entry> t : p.served.entrySet()) {
      if (t.getKey().startsWith("t") && t.getValue().source() instanceof dev.mcpkit.core.schema.ResourceTemplate tpl
          && dev.mcpkit.core.uritemplate.UriTemplate.parse(tpl.uriTemplate()).match(uri).isPresent()) {
        return link(t.getValue().upstream()) == null ? null : new Route(link(t.getValue().upstream()), uri);
      }
    }
    return null;
  }

  private Link link(String name) {
    return offers.keySet().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }

  /** What is renamed, shortened, skipped, or collides now, which upstreams were unavailable, and failed listings. */
  public synchronized List<GatewayNotice> notices() {
    List<GatewayNotice> all = new ArrayList<>();
    for (Link l : links) {
      if (!l.available()) {
        all.add(new GatewayNotice(Kind.UNAVAILABLE, l.name(), l.error()));
      }
    }
    offers.values().forEach(o -> all.addAll(o.failures.values()));
    plans.values().forEach(p -> all.addAll(p.notices));
    return List.copyOf(all);
  }

  /** Each upstream's status now, in configuration order. */
  public synchronized List<UpstreamStatus> statuses() {
    Map<String, Integer> t = plans.get(Section.TOOLS).counts();
    Map<String, Integer> p = plans.get(Section.PROMPTS).counts();
    Map<String, Integer> r = plans.get(Section.RESOURCES).counts();
    List<UpstreamStatus> all = new ArrayList<>();
    for (Link l : links) {
      String n = l.name();
      var c = l.client(); // read once: Health replaces it
      all.add(c == null ? UpstreamStatus.unavailable(n, l.error())
          : !c.isOpen() ? UpstreamStatus.unavailable(n, "the connection was lost")
          : UpstreamStatus.connected(n, c.serverInfo().transport(), c.protocolVersion().id(),
              new UpstreamStatus.Served(t.getOrDefault(n, 0), r.getOrDefault(n, 0), p.getOrDefault(n, 0))));
    }
    return all;
  }

  private Plan plan(Section s, Plan old) {
    return switch (s) {
      case TOOLS -> Plan.tools(separator, offers, old);
      case PROMPTS -> Plan.prompts(separator, offers, old);
      case RESOURCES -> Plan.resources(offers, old);
    };
  }

  private void apply(McpServer server, Section section, Plan old, Plan now) {
    List<String> removed = old.served.keySet().stream().filter(k -> !now.served.containsKey(k)).toList();
    List<Map.Entry<String, Plan.Entry>> added = now.served.entrySet().stream()
        .filter(e -> old.served.get(e.getKey()) != e.getValue()).toList();
    if (removed.isEmpty() && added.isEmpty()) {
      return;
    }
    server.batch(() -> {
      for (String k : removed) {
        switch (section) {
          case TOOLS -> server.removeTool(k);
          case PROMPTS -> server.removePrompt(k);
          case RESOURCES -> {
            if (k.startsWith("r")) {
              server.removeResource(k.substring(1));
            } else {
              server.removeResourceTemplate(k.substring(1));
            }
          }
        }
      }
      for (Map.Entry<String, Plan.Entry> e : added) {
        switch (e.getValue().built()) {
          case ServerTool t -> server.addTool(t);
          case ServerPrompt p -> server.addPrompt(p);
          case ServerResource r -> server.addResource(r);
          case ServerResourceTemplate t -> server.addResourceTemplate(t);
          default -> throw new IllegalStateException("not a feature");
        }
      }
    });
    if (section == Section.TOOLS) {
      removed.forEach(k -> gone.put(k, old.served.get(k).upstream()));
      added.forEach(e -> gone.remove(e.getKey()));
    }
    LOG.info("{} of the gateway changed: {} removed, {} added or replaced", section.name().toLowerCase(
        java.util.Locale.ROOT), removed.size(), added.size());
  }

  /**
   * Lists one section of an upstream (when it offers it); what to store in its {@link Offer}. A failed listing keeps
   * the earlier items (a call then fails with an error naming the upstream) and is a {@code SKIPPED} notice.
   */
  private java.util.function.Consumer<Offer> fetch(Link link, Section s, boolean again) {
    ServerCapabilities caps = link.client().serverInfo().capabilities();
    try {
      return switch (s) {
        case TOOLS -> {
          List<Tool> l = caps.tools() == null ? List.of() : link.client().listAllTools();
          yield o -> ok(o, s, () -> o.tools = l);
        }
        case PROMPTS -> {
          List<Prompt> l = caps.prompts() == null ? List.of() : link.client().listAllPrompts();
          yield o -> ok(o, s, () -> o.prompts = l);
        }
        case RESOURCES -> {
          List<Resource> l = caps.resources() == null ? List.of() : link.client().listAllResources();
          List<ResourceTemplate> t = caps.resources() == null ? List.of() : link.client().listAllResourceTemplates();
          yield o -> ok(o, s, () -> {
            o.resources = l;
            o.templates = t;
          });
        }
      };
    } catch (RuntimeException e) {
      String what = s == Section.RESOURCES ? "resources" : s.name().toLowerCase(java.util.Locale.ROOT);
      GatewayNotice n = new GatewayNotice(Kind.SKIPPED, link.name(), "its " + what + (again
          ? " could not be listed again (those listed before stay served): " : " are not served: ")
          + Failures.of(link.name(), "listing " + what, e).getMessage());
      return o -> o.failures.put(s, n);
    }
  }

  private static void ok(Offer o, Section s, Runnable store) {
    store.run();
    o.failures.remove(s);
  }
}
