/**
 * The one sanitizer for text a peer chose that mcpkit prints or logs: read by code point, with controls, bidi and
 * other format characters, tag characters, line separators, lone surrogates and unassigned code points escaped
 * ({@code PeerText}); and the one HTML escape for the pages mcpkit serves ({@code Html}).
 */
package dev.mcpkit.core.text;
