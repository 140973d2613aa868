package dev.mcpkit.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * The one place a request's client address is decided: every reader of {@link Request#getRemoteAddr}
 * (the stream caps per address, the authorization server's login and registration limits, security logs) sees the
 * address this sets. When the TCP peer (after a PROXY protocol header, if any) is a trusted proxy, the client is the
 * right-most {@code X-Forwarded-For} address that is not itself a trusted proxy: entries to its left were written by
 * the client or by proxies nobody vouches for. From any other peer the header is ignored.
 */
final class ForwardedFor implements HttpConfiguration.Customizer {

  private final TrustedProxies trusted;

  ForwardedFor(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress peer) || !trusted.trusts(peer.getAddress())) {
      return request;
    }
    List<String> entries = new ArrayList<>();
    for (String value : request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR)) {
      entries.addAll(List.of(value.split(",", -1)));
    }
    InetAddress client = peer.getAddress();
    for (int i = entries.size() - 1; i >= 0; i--) {
      InetAddress hop = TrustedProxies.forwarded(entries.get(i));
      if (hop == null) {
        // a trusted proxy vouches for this header: garbage in it is a broken proxy set-up, not a client to guess
        throw new BadMessageException(400, "Malformed X-Forwarded-For from a trusted proxy: entry "
            + (i + 1) + " of " + entries.size() + " is not an IP address");
      }
      client = hop;
      if (!trusted.trusts(hop)) {
        break;
      }
    }
    if (client.equals(peer.getAddress())) {
      return request;
    }
    InetSocketAddress forwarded = new InetSocketAddress(client, 0);
    ConnectionMetaData meta = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
      @Override
      public SocketAddress getRemoteSocketAddress() {
        return forwarded;
      }
    };
    return new Request.Wrapper(request) {
      @Override
      public ConnectionMetaData getConnectionMetaData() {
        return meta;
      }
    };
  }
}
