/**
 * Network rules judged without DNS, shared by the client and the OAuth client (for example: which host names are
 * loopback).
 */
package dev.mcpkit.core.net;
