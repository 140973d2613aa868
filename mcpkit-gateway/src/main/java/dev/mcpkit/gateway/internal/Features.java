package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.schema.BlobResourceContents;
import dev.mcpkit.core.schema.Prompt;
import dev.mcpkit.core.schema.PromptArgument;
import dev.mcpkit.core.schema.PromptReference;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceTemplate;
import dev.mcpkit.core.schema.ResourceTemplateReference;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.core.schema.Tool;
import dev.mcpkit.core.uritemplate.UriTemplate;
import dev.mcpkit.server.ServerPrompt;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.ServerTool;
import java.util.List;

/** The gateway's server-side features for an upstream's items: each routed to the upstream under its own name. */
final class Features {

  private Features() {}

  static ServerTool tool(Link link, String served, Tool tool) {
    ServerTool.Builder b = ServerTool.builder(served).title(tool.title()).description(tool.description())
        .annotations(tool.annotations()).meta(tool.meta())
        .rawHandler(call -> link.callTool(tool, served, call.arguments(), call));
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

  static ServerPrompt prompt(Link link, String served, Prompt prompt, boolean completions) {
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
  static ServerResource resource(Link link, Resource res, String served) {
    String original = res.uri();
    ServerResource.Builder b = ServerResource.builder(served, res.name()).title(res.title())
        .description(res.description()).mimeType(res.mimeType()).annotations(res.annotations()).meta(res.meta())
        .size(res.size()).reader(read -> link.readResource(original, read).contents().stream()
            .map(c -> served.equals(original) || !original.equals(c.uri()) ? c : switch (c) {
              case TextResourceContents t -> new TextResourceContents(served, t.mimeType(), t.text(), t.meta());
              case BlobResourceContents bl -> new BlobResourceContents(served, bl.mimeType(), bl.blob(), bl.meta());
            }).toList());
    if (res.icons() != null) {
      b.icons(res.icons());
    }
    return b.build();
  }

  static ServerResourceTemplate template(Link link, ResourceTemplate tpl, boolean completions) {
    ServerResourceTemplate.Builder b = ServerResourceTemplate.builder(tpl.uriTemplate(), tpl.name())
        .title(tpl.title()).description(tpl.description()).mimeType(tpl.mimeType()).annotations(tpl.annotations())
        .meta(tpl.meta()).reader(read -> link.readResource(read.uri(), read).contents());
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
