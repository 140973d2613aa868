/**
 * Storage of the authorization server's state behind one {@link dev.mcpkit.store.Store} interface: clients, codes,
 * tokens, consents and signing keys, with secrets stored as hashes.
 */
package dev.mcpkit.store;
