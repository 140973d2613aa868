package dev.mcpkit.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ProxyConnectionFactory;

/**
 * The first connection factory when the PROXY protocol is on: a connection from a trusted proxy goes through Jetty's
 * {@link ProxyConnectionFactory} (a PROXY header, when sent, names the client; without one the connection is plain
 * HTTP, for the balancer's own health probes), any other connection straight to HTTP, so a PROXY header from an
 * untrusted peer is never read as one (its HTTP parser answers 400).
 */
final class ProxyGate extends AbstractConnectionFactory {

  static final String PROTOCOL = "mcpkit-proxy-gate";

  private final TrustedProxies trusted;
  private final ProxyConnectionFactory proxy;
  private final ConnectionFactory http;

  ProxyGate(TrustedProxies trusted, ProxyConnectionFactory proxy, ConnectionFactory http) {
    super(PROTOCOL);
    this.trusted = trusted;
    this.proxy = proxy;
    this.http = http;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    boolean fromProxy = remote instanceof InetSocketAddress inet && trusted.trusts(inet.getAddress());
    return (fromProxy ? proxy : http).newConnection(connector, endPoint);
  }
}
