package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.schema.BlobResourceContents;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.PromptReference;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.schema.ResourceTemplateReference;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.uritemplate.UriTemplate;
import dev.mcpkit.gateway.GatewayNotice;
import dev.mcpkit.gateway.GatewayNotice.Kind;
import dev.mcpkit.gateway.UpstreamStatus;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the gateway serves: every upstream's tools, prompts, resources and resource templates under their served names,
 * each routed to its upstream under its own name. Built once at start, upstream by upstream in configuration order,
 * so that which of two colliding items keeps the name is the same on every start. Nothing is overwritten: a
 * collision, a rename, a shortening and an item that cannot be served are each a {@link GatewayNotice}.
 */
public final class Catalog {

  private final String separator;
  private final List<GatewayNotice> notices = new ArrayList<>();
  private final Map<String, String> tools = new HashMap<>();
  private final Map<String, String> prompts = new HashMap<>();
  private final Map<String, String> resources = new HashMap<>();
  private final Map<String, String> templates = new HashMap<>();
  private final Map<String, UpstreamStatus> statuses = new LinkedHashMap<>();

  /** A catalog whose served names join prefix and name with {@code separator}. */
  public Catalog(String separator) {
    this.separator = separator;
  }

  /** Adds what {@code link}'s upstream offers to {@code server}; an unavailable upstream is only noted. */
  public void add(Link link, McpServerBuilder server) {
    String up = link.name();
    if (!link.available()) {
      notices.add(new GatewayNotice(Kind.UNAVAILABLE, up, link.error()));
      statuses.put(up, UpstreamStatus.unavailable(up, link.error()));
      return;
    }
    ServerCapabilities caps = link.client().serverInfo().capabilities();
    boolean completions = caps.completions() != null;
    String prefix = link.upstream().prefix();
    int t = 0;
    int r = 0;
    int p = 0;
    if (caps.tools() != null) {
      for (Tool tool : list(link, "tools", () -> link.client().listAllTools())) {
        String name = served(link, "tool", prefix, tool.name(), tools);
        if (name != null && register(link, "tool", tool.name(), () -> server.tool(tool(link, name, tool)))) {
          tools.put(name, up);
          t++;
        }
      }
    }
    if (caps.prompts() != null) {
      for (Prompt prompt : list(link, "prompts", () -> link.client().listAllPrompts())) {
        String name = served(link, "prompt", prefix, prompt.name(), prompts);
        if (name != null && register(link, "prompt", prompt.name(),
            () -> server.prompt(prompt(link, name, prompt, completions)))) {
          prompts.put(name, up);
          p++;
        }
      }
    }
    if (caps.resources() != null) {
      for (Resource res : list(link, "resources", () -> link.client().listAllResources())) {
        String uri = res.uri();
        if (uri != null && resources.containsKey(uri)) { // served under a URI of the gateway's own instead
          uri = Names.rewriteUri(up, res.uri());
          notices.add(new GatewayNotice(Kind.COLLISION, up, "resource '" + shown(res.uri()) + "' of upstream '" + up
              + "' is served as '" + shown(uri) + "': upstream '" + resources.get(res.uri())
              + "' already serves that URI"));
        }
        String served = uri;
        if (!collides(link, "resource", served, resources) && register(link, "resource", res.uri(),
            () -> server.resource(resource(link, res, served)))) {
          resources.put(served, up);
          r++;
        }
      }
      for (ResourceTemplate tpl : list(link, "resource templates", () -> link.client().listAllResourceTemplates())) {
        if (!collides(link, "resource template", tpl.uriTemplate(), templates) && register(link, "resource template",
            tpl.uriTemplate(), () -> server.resourceTemplate(template(link, tpl, completions)))) {
          templates.put(tpl.uriTemplate(), up);
          r++;
        }
      }
    }
    statuses.put(up, UpstreamStatus.connected(up, link.client().serverInfo().transport(),
        link.client().protocolVersion().id(), new UpstreamStatus.Served(t, r, p)));
  }

  /** What was renamed, shortened, skipped, or collided, and which upstreams were unavailable. */
  public List<GatewayNotice> notices() {
    return List.copyOf(notices);
  }

  /** Each upstream's status, in configuration order. */
  public List<UpstreamStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  /** The served name of an item, with its notices; {@code null} when another upstream already serves that name. */
  private String served(Link link, String kind, String prefix, String name, Map<String, String> taken) {
    if (name == null || name.isEmpty()) {
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), "a " + kind + " without a name is not served"));
      return null;
    }
    Names.Served s = Names.serve(prefix, separator, name);
    if (s.renamed()) {
      notices.add(new GatewayNotice(Kind.RENAMED, link.name(), kind + " '" + shown(name) + "' is served as '"
          + s.served() + "' (characters outside A-Z, a-z, 0-9, _, . and - replaced by _)"));
    }
    if (s.shortened()) {
      notices.add(new GatewayNotice(Kind.SHORTENED, link.name(), kind + " '" + shown(name) + "' is served as '"
          + s.served() + "' (served names have at most " + Names.MAX + " characters)"));
    }
    return collides(link, kind, s.served(), taken) ? null : s.served();
  }

  /** A name or URI from an upstream, as it may appear in a notice and a log line: escaped, bounded. */
  private static String shown(String peerText) {
    return PeerText.line(peerText, 300);
  }

  private boolean collides(Link link, String kind, String served, Map<String, String> taken) {
    if (served == null || served.isEmpty()) {
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), "a " + kind + " without a URI is not served"));
      return true;
    }
    String owner = taken.get(served);
    if (owner == null) {
      return false;
    }
    notices.add(new GatewayNotice(Kind.COLLISION, link.name(), kind + " '" + shown(served) + "' of upstream '"
        + link.name()
        + "' is not served: upstream '" + owner + "' already serves that " + (kind.startsWith("resource")
        ? "URI (URIs are served unchanged)" : "name (give one of them another prefix)")));
    return true;
  }

  private boolean register(Link link, String kind, String name, Runnable add) {
    try {
      add.run();
      return true;
    } catch (RuntimeException e) { // a schema that does not compile, a URI that does not parse, ...
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), kind + " '" + shown(name) + "' is not served: "
          + shown(String.valueOf(e.getMessage()))));
      return false;
    }
  }

  private <T> List<T> list(Link link, String what, Supplier<List<T>> listing) {
    try {
      return listing.get();
    } catch (RuntimeException e) {
      notices.add(new GatewayNotice(Kind.SKIPPED, link.name(), "its " + what + " are not served: "
          + Failures.of(link.name(), "listing " + what, e).getMessage()));
      return List.of();
    }
  }

  private static ServerTool tool(Link link, String served, Tool tool) {
    ServerTool.Builder b = ServerTool.builder(served).title(tool.title()).description(tool.description())
        .annotations(tool.annotations()).meta(tool.meta())
        .handler(call -> link.callTool(tool.name(), call.arguments(), call));
    if (tool.inputSchema() != null) {
      b.inputSchema(tool.inputSchema());
    }
    if (tool.outputSchema() != null) {
      b.outputSchema(tool.outputSchema());
    }
    if (tool.icons() != null) {
      b.icons(tool.icons());
    }
    return b.build();
  }

  private static ServerPrompt prompt(Link link, String served, Prompt prompt, boolean completions) {
    List<PromptArgument> args = prompt.arguments() == null ? List.of() : prompt.arguments();
    ServerPrompt.Builder b = ServerPrompt.builder(served).title(prompt.title()).description(prompt.description())
        .arguments(args).meta(prompt.meta())
        .handler(request -> link.getPrompt(prompt.name(), request.arguments(), request));
    if (prompt.icons() != null) {
      b.icons(prompt.icons());
    }
    if (completions) {
      PromptReference ref = new PromptReference(prompt.name(), null);
      args.forEach(a -> b.completer(a.name(), (value, context) -> link.complete(ref, a.name(), value, context)));
    }
    return b.build();
  }

  /** A resource served as {@code served}: its own URI, or a rewritten one (then the contents say it too). */
  private static ServerResource resource(Link link, Resource res, String served) {
    String original = res.uri();
    ServerResource.Builder b = ServerResource.builder(served, res.name()).title(res.title())
        .description(res.description()).mimeType(res.mimeType()).annotations(res.annotations()).meta(res.meta())
        .size(res.size()).reader(read -> link.readResource(original).contents().stream()
            .map(c -> served.equals(original) || !original.equals(c.uri()) ? c : switch (c) {
              case TextResourceContents t -> new TextResourceContents(served, t.mimeType(), t.text(), t.meta());
              case BlobResourceContents bl -> new BlobResourceContents(served, bl.mimeType(), bl.blob(), bl.meta());
            }).toList());
    if (res.icons() != null) {
      b.icons(res.icons());
    }
    return b.build();
  }

  private static ServerResourceTemplate template(Link link, ResourceTemplate tpl, boolean completions) {
    ServerResourceTemplate.Builder b = ServerResourceTemplate.builder(tpl.uriTemplate(), tpl.name())
        .title(tpl.title()).description(tpl.description()).mimeType(tpl.mimeType()).annotations(tpl.annotations())
        .meta(tpl.meta()).reader(read -> link.readResource(read.uri()).contents());
    if (tpl.icons() != null) {
      b.icons(tpl.icons());
    }
    if (completions) {
      ResourceTemplateReference ref = new ResourceTemplateReference(tpl.uriTemplate());
      for (String v : UriTemplate.parse(tpl.uriTemplate()).variables()) {
        b.completer(v, (value, context) -> link.complete(ref, v, value, context));
      }
    }
    return b.build();
  }
}
