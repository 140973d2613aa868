package dev.mcpkit.guard;

/**
 * One rule hit.
 *
 * @param code the rule's stable code ({@code MCP-G010})
 * @param severity the rule's severity
 * @param title what the rule detects, in a few words
 * @param pointer where: a JSON pointer (RFC 6901) into the scanned document ({@code /tools/0/inputSchema/properties/a/description}
 *     for a server, {@code /mcpServers/name/args/1} style for a launch configuration)
 * @param subject the object the field belongs to, for people ({@code tool "add"}, {@code server "fs"})
 * @param excerpt the offending text around the hit, every invisible or deceptive character shown escaped
 *     (<code>&#92;u{e0041}</code>), never raw
 * @param fix the rule's fix hint
 */
public record Finding(String code, Severity severity, String title, String pointer, String subject, String excerpt,
    String fix) {}
