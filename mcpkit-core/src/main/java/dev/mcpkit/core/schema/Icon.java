package dev.mcpkit.core.schema;

import java.util.List;

/** An icon for display; {@code src} is an https or data: URI. */
public record Icon(
    String src,
    String mimeType,
    List<String> sizes,
    String theme) {}
