/**
 * RFC 6570 URI templates for resource templates: expansion, and matching a URI against a template to extract its
 * variables.
 */
package dev.mcpkit.core.uritemplate;
