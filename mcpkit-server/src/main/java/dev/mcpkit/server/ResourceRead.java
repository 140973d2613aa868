package dev.mcpkit.server;

import java.util.Map;

/** One {@code resources/read}: the URI asked for and, for templates, its variables. */
public interface ResourceRead extends RequestContext {

  /** The URI asked for. */
  String uri();

  /** The template variables matched from the URI; empty for plain resources. */
  Map<String, String> variables();
}
