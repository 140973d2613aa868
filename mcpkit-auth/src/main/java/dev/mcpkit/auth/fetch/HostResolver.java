package dev.mcpkit.auth.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution for {@link SafeFetcher}; tests plug in a scripted one instead of DNS. */
@FunctionalInterface
public interface HostResolver {

  /**
   * @param host a host name or address literal
   * @return every address it resolves to (the fetcher checks each against its address policy)
   * @throws UnknownHostException when it resolves to nothing
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JDK's resolver. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
