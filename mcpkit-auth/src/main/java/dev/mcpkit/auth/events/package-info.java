/**
 * Security events: one log line per security-relevant decision, with a reason code, on the logger
 * dev.mcpkit.auth.security.
 */
package dev.mcpkit.auth.events;
