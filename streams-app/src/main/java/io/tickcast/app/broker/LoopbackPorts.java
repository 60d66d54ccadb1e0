package io.tickcast.app.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback address the embedded broker binds, and a way to pick free ports on it.
 *
 * <p>Stateless; safe to call from any thread.
 */
final class LoopbackPorts {

  private static final Logger log = LoggerFactory.getLogger(LoopbackPorts.class);

  /** The only address the embedded broker listens on: it has no security, so never expose it. */
  static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /**
   * Picks distinct free loopback ports. They are released before the broker binds them, so
   * another process could take one in between. That is unlikely on a dev box or CI runner, and
   * the broker would then fail to start with a clear bind error.
   *
   * @param count how many ports, at least 1
   * @return {@code count} distinct ports, free at the time of the call
   * @throws UncheckedIOException if no port can be bound
   */
  static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      // All sockets stay open until every port is picked, so the ports are distinct.
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].setReuseAddress(true);
        sockets[i].bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException e) {
            log.debug("Ignoring failure to close port probe socket", e);
          }
        }
      }
    }
  }
}
