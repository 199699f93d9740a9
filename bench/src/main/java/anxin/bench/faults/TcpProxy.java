package anxin.bench.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port in front of a broker, for faults the broker itself should not
 * suffer: {@link #cut} closes every relayed connection at once (no MQTT DISCONNECT, as when a cable
 * is pulled or a process dies) and refuses new ones until {@link #restore}; {@link #pause} stops
 * forwarding from clients to the broker, so that what they send waits in buffers.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();
  private volatile boolean refusing;
  private volatile boolean paused;
  private long upstreamBudget = Long.MAX_VALUE; // guarded by gate
  private volatile boolean closed;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** The URI clients use instead of the broker's. */
  public String uri() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  /** Connections relayed so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Severs every connection and refuses new ones. */
  public void cut() {
    refusing = true;
    closeAll();
  }

  /** Accepts and relays connections again. */
  public void restore() {
    refusing = false;
  }

  /** Stops forwarding client → broker until {@link #resume}. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  /**
   * Forwards at most about {@code bytes} more client → broker (whole reads of up to 16 KiB), then
   * holds the rest, as a link that stalls mid-flush would.
   */
  void limitUpstream(long bytes) {
    synchronized (gate) {
      upstreamBudget = bytes;
      gate.notifyAll();
    }
  }

  /** Lifts {@link #limitUpstream}. */
  void unlimitUpstream() {
    limitUpstream(Long.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    resume();
    server.close();
    closeAll();
  }

  private void closeAll() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    sockets.clear();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (refusing) {
          client.setSoLinger(true, 0); // RST, like a host that is down
          client.close();
          continue;
        }
        Socket broker = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(broker);
        accepted.incrementAndGet();
        pump(client, broker, true);
        pump(broker, client, false);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (upstream) {
                    awaitNotPaused();
                    spend(n);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the other side closed, or cut()
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException e) {
                  // closing anyway
                }
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void spend(int n) throws InterruptedException {
    synchronized (gate) {
      while (upstreamBudget <= 0 && !closed) {
        gate.wait();
      }
      if (upstreamBudget != Long.MAX_VALUE) {
        upstreamBudget -= n;
      }
    }
  }

  private void awaitNotPaused() throws InterruptedException {
    synchronized (gate) {
      while (paused && !closed) {
        gate.wait();
      }
    }
  }
}
