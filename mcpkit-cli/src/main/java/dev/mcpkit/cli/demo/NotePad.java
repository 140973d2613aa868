package dev.mcpkit.cli.demo;

import dev.mcpkit.core.jsonschema.Description;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.ResourceContents;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.RequestContext;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolException;
import dev.mcpkit.server.ToolResults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo server's note pad: {@code save_note} and the {@value #URI} resource. Each principal (the subject of the
 * caller's token) has its own pad, as a real tool would keep one user's data from another; anonymous callers (a server
 * without a guard, stdio) share one pad. A save tells subscribed clients that the resource changed ({@code
 * notifications/resources/updated}), on every transport the server runs on.
 */
final class NotePad {

  /** The resource that lists the caller's notes. */
  static final String URI = "mcpkit://demo/notes";
  static final int MAX_NOTES = 100;
  static final int MAX_NOTE_LENGTH = 1000;
  /** Pads kept at most: one per principal, so a stream of new principals cannot grow memory without bound. */
  static final int MAX_PADS = 1000;
  private static final String ANONYMOUS = "";

  /** Arguments of {@code save_note}. */
  public record Note(@Description("The note to keep (at most 1000 characters)") String text) {}

  private final Map<String, List<String>> pads = new HashMap<>();
  private final AtomicReference<McpServer> server = new AtomicReference<>();

  /** The server whose subscribers hear of saves; set once it is built. */
  void attach(McpServer built) {
    server.set(Objects.requireNonNull(built));
  }

  ServerTool tool(String writeScope) {
    return ServerTool.builder("save_note").description("Saves a note (read yours at " + URI + ")")
        .requiredScopes(writeScope).handler(Note.class, (args, ctx) -> {
          if (args.text() == null || args.text().length() > MAX_NOTE_LENGTH) {
            throw new ToolException("A note holds at most " + MAX_NOTE_LENGTH + " characters");
          }
          int count = save(owner(ctx), args.text());
          McpServer s = server.get();
          if (s != null) {
            s.resourceUpdated(URI);
          }
          return ToolResults.text("Saved note " + count);
        }).build();
  }

  ServerResource resource() {
    return ServerResource.builder(URI, "notes").description("Your saved notes").mimeType("text/plain")
        .reader(read -> List.of(ResourceContents.text(read.uri(), "text/plain", String.join("\n", notes(owner(read))))))
        .build();
  }

  private synchronized int save(String owner, String text) throws ToolException {
    List<String> pad = pads.get(owner);
    if (pad == null) {
      if (pads.size() >= MAX_PADS) {
        throw new ToolException("The server keeps no more note pads (" + MAX_PADS + ")");
      }
      pad = new ArrayList<>();
      pads.put(owner, pad);
    }
    if (pad.size() >= MAX_NOTES) {
      throw new ToolException("The note pad is full (" + MAX_NOTES + " notes)");
    }
    pad.add(text);
    return pad.size();
  }

  private synchronized List<String> notes(String owner) {
    return List.copyOf(pads.getOrDefault(owner, List.of()));
  }

  /** The pad's key: the token's subject; every anonymous caller shares one pad. */
  private static String owner(RequestContext ctx) {
    return ctx.caller().map(Caller::subject).filter(s -> !s.isEmpty()).map(s -> "sub:" + s).orElse(ANONYMOUS);
  }
}
