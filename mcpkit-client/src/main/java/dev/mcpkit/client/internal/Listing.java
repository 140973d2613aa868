package dev.mcpkit.client.internal;

import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.text.PeerText;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The pages of one listing ({@code tools/list}, {@code prompts/list}, {@code resources/list}, {@code
 * resources/templates/list}), one after the other, with the bounds that keep a hostile server from filling the
 * heap: a {@code nextCursor} seen before in this listing ends it (the pages loop, whether fetched or served from
 * the {@code ttlMs} cache), and the items and JSON bytes of all pages together are capped ({@link
 * ClientSettings#maxListItems()}, {@link ClientSettings#maxListBytes()}). Every page is counted, cached ones too:
 * a page the cache serves again costs the caller as much memory as a fetched one. Not thread-safe; one per
 * iteration.
 */
public final class Listing {

  /** A last bound on round trips, for servers that page through empty pages. */
  static final int MAX_PAGES = 10_000;

  private final Session session;
  private final String method;
  private final String field;
  private final Set<String> cursors = new HashSet<>();
  private String cursor;
  private boolean done;
  private int pages;
  private long items;
  private long bytes;
  private final long toolsGeneration;

  public Listing(Session session, String method) {
    this.session = session;
    this.method = method;
    this.field = switch (method) {
      case Methods.TOOLS_LIST -> "tools";
      case Methods.PROMPTS_LIST -> "prompts";
      case Methods.RESOURCES_LIST -> "resources";
      case Methods.RESOURCES_TEMPLATES_LIST -> "resourceTemplates";
      default -> throw new IllegalArgumentException("not a list method: " + method);
    };
    this.toolsGeneration = session.toolsGeneration();
  }

  /**
   * The next page, or {@code null} after the last one.
   *
   * @throws McpProtocolException when the cursors loop or a cap is passed (the message names the limit)
   */
  public JsonNode next() {
    if (done) {
      return null;
    }
    if (++pages > MAX_PAGES) {
      throw stop("the server kept returning pages (more than " + MAX_PAGES + ")");
    }
    session.ensureOpen();
    JsonNode page = session.listPage(method, cursor, RequestOptions.defaults());
    JsonNode list = page.get(field);
    items += list != null && list.isArray() ? list.size() : 0;
    bytes += sizeOf(page);
    ClientSettings s = session.settings();
    if (items > s.maxListItems()) {
      throw stop("the listing has more than " + s.maxListItems() + " items (the client's limit maxListItems)");
    }
    if (bytes > s.maxListBytes()) {
      throw stop("the listing is larger than " + s.maxListBytes() + " bytes (the client's limit maxListBytes)");
    }
    JsonNode next = page.get("nextCursor");
    cursor = next != null && next.isString() ? next.asString() : null; // "" is a valid cursor: only null ends
    if (cursor == null) {
      done = true;
      if (method.equals(Methods.TOOLS_LIST)) {
        session.toolsListed(toolsGeneration); // every page seen: the interceptor knows the current tools
      }
    } else if (!cursors.add(cursor)) {
      throw stop("the server's nextCursor \"" + PeerText.line(cursor, 80) + "\" repeats an earlier cursor of this"
          + " listing, so the pages loop");
    }
    return page;
  }

  private McpProtocolException stop(String why) {
    done = true;
    return new McpProtocolException(method + ": " + why + "; stopped after " + pages + " page(s), " + items
        + " item(s)");
  }

  /** The length of a JSON value as the server would have sent it (compact), counted without building it. */
  static long sizeOf(JsonNode node) {
    Counter c = new Counter();
    try {
      Json.mapper().writeValue(c, node);
    } catch (JacksonException e) {
      return 0;
    }
    return c.count;
  }

  private static final class Counter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }

    @Override
    public void close() throws IOException {
      // nothing to release
    }
  }
}
