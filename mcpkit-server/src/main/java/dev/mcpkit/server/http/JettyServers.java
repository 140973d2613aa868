package dev.mcpkit.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty set-up every mcpkit HTTP server shares ({@link McpHttpServer}, the authorization
 * server of mcpkit-auth): a thread pool that runs handlers on virtual threads, and connections
 * that never share an I/O buffer.
 *
 * <p>Why no shared buffers: Jetty 12.1 (seen on 12.1.14) can hand a connection's request buffer
 * back to its pool while another thread of the same connection still reads into it. After the
 * HTTP parser rejects a request (a 431 for a header block over the limit, a 400 for bad framing)
 * the error response is written on another thread, whose completion resumes reading the
 * connection; the parsing thread releases the request buffer only after it returns from the
 * parser. When it is descheduled in between, the resumed thread fills the client's unread bytes
 * (the rest of its headers, its body: a token, a password) into a buffer that the pool has
 * already given to another connection, whose response then begins with them. With a pool that
 * never reuses a buffer, a late write can only reach the connection that owns it. Heap buffers
 * keep the cost of a fresh buffer per read small.
 */
public final class JettyServers {

  private JettyServers() {}

  /**
   * A listening socket on {@code host:port} (port 0: any free port), bound now, for a server to serve on later: its
   * port ({@code socket().getLocalPort()}) can go into the URLs the server is built with (an issuer, a resource), and
   * no other process can take the port in between, as it could if the port were found free, released, and bound
   * again. Connections that arrive before the server starts wait in the backlog and are answered once it has started.
   * What {@link McpHttpServer.Builder#bind()} and mcpkit-auth's {@code AuthorizationServer.start(ServerSocketChannel)}
   * serve on; Jetty's {@code ServerConnector.open(ServerSocketChannel)} takes it (and closes it when stopped).
   *
   * @throws IOException when the port cannot be bound (a {@link java.net.BindException} when it is taken)
   */
  public static ServerSocketChannel bind(String host, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty binds: a restart need not wait out TIME_WAIT
      channel.bind(new InetSocketAddress(host, port));
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** A Jetty server named {@code name} (its threads' prefix) with the shared set-up, no connector yet. */
  public static Server newServer(String name) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(name);
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    return newServer(threads);
  }

  /** The same, on a given thread pool (tests widen race windows through it). */
  static Server newServer(QueuedThreadPool threads) {
    return new Server(threads, null, ByteBufferPool.NON_POOLING);
  }

  /**
   * A fixed sequence of handlers: its invocation type is the combination of theirs, so a chain of
   * non-blocking handlers stays non-blocking. Jetty's default sequence may change after start and so
   * calls itself blocking, whatever it holds; a blocking chain makes Jetty hand every request from
   * the selector to a pool thread, which then only starts the request's virtual thread and hands it
   * on again: a second thread hop, and a selector wake-up on every request (JFR of bench
   * workload a showed it in {@code ManagedSelector.submit}; HandlerChainTest).
   */
  static Handler.Sequence sequence(List<Handler> handlers) {
    return new Handler.Sequence(false, List.copyOf(handlers));
  }

  /**
   * Bytes a connection reads at a time. Jetty's HTTP parser keeps a view of a request's last body
   * bytes, and so its whole read buffer, until the next request on the connection begins: for the
   * whole life of a response stream (a 2026 {@code subscriptions/listen}, a POST answered with SSE).
   * With buffers that are never shared, each open stream keeps its own; at Jetty's default (8 KiB)
   * that was most of a listen stream's heap (bench workload d), and at 2 KiB it was still the most of
   * what a hardened listen stream kept beyond the pre-hardening one (whose pooled buffers lay outside
   * the heap). A typical MCP request, head and body, fits in 1 KiB (bench workload d's listen
   * request: 508 bytes); a larger one (headers included, still bounded by the header size limit) is
   * read in more steps (ReadBufferTest).
   */
  static final int INPUT_BUFFER_SIZE = 1024;

  /**
   * Bytes of a response's head (status line and headers) that a connection writes into its first header buffer. With
   * buffers that are never shared, Jetty allocates one per response at its configured size: at Jetty's default (8 KiB)
   * that was the larger part of what a 2025 session lifecycle allocated (bench/results/2026-12-07-lifecycle.md).
   * mcpkit's heads are a few hundred bytes; a larger one is written into a second buffer of up to {@link
   * #MAX_RESPONSE_HEADER_SIZE} (ResponseHeaderBufferTest).
   */
  static final int RESPONSE_HEADER_SIZE = 1024;

  /** The largest response head a connection writes (Jetty 12.1's default); beyond it Jetty answers 500. */
  static final int MAX_RESPONSE_HEADER_SIZE = 16384;

  /**
   * An HTTP/1.1 connection factory for {@code config}, set to read and write through heap buffers
   * (cheap to allocate, as none is pooled), to read {@link #INPUT_BUFFER_SIZE} bytes at a time and to write a
   * response's head into {@link #RESPONSE_HEADER_SIZE} bytes unless it needs more.
   */
  public static HttpConnectionFactory http(HttpConfiguration config) {
    config.setUseInputDirectByteBuffers(false);
    config.setUseOutputDirectByteBuffers(false);
    config.setInputBufferSize(INPUT_BUFFER_SIZE);
    config.setResponseHeaderSize(RESPONSE_HEADER_SIZE);
    config.setMaxResponseHeaderSize(MAX_RESPONSE_HEADER_SIZE);
    return new HttpConnectionFactory(config);
  }
}
