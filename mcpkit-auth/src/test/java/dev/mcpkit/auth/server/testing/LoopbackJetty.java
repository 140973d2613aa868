package dev.mcpkit.auth.server.testing;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A started Jetty server on 127.0.0.1 and an ephemeral port, serving one handler: the peers the auth tests stand up. */
public final class LoopbackJetty {
  private LoopbackJetty() {}

  /** Starts {@code handler} on 127.0.0.1; stop the server when done. */
  public static Server start(Handler handler) {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a server on 127.0.0.1", e);
    }
    return server;
  }

  /** The port {@code server} (started by {@link #start}) listens on. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
