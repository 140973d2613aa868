/**
 * Storage for the authorization server's state (clients, grants, consents, keys, limits): an in-memory store and a
 * Redis store behind one {@code Store} interface.
 */
module dev.mcpkit.store {
  requires tools.jackson.databind;
  requires redis.clients.jedis;
  requires org.slf4j;

  exports dev.mcpkit.store;
  exports dev.mcpkit.store.memory;
  exports dev.mcpkit.store.redis;

  // Jackson binds records of every package (some package-private) by reflection.
  opens dev.mcpkit.store to tools.jackson.databind;
  opens dev.mcpkit.store.memory to tools.jackson.databind;
  opens dev.mcpkit.store.redis to tools.jackson.databind;
}
