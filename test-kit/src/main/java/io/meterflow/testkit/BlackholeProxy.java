package io.meterflow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can be told to stop forwarding without
 * closing any socket: both ends see a silent, half-open connection (as during a failover or a dropped
 * route), and new connections are accepted but never answered. {@link #resume()} forwards again
 * (bytes held meanwhile are delivered late, as after a network partition heals).
 */
public final class BlackholeProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Object gate = new Object();
    private volatile boolean forwarding = true;
    /** Armed: the next client→server chunk is forwarded, then everything stops (a commit caught mid-transaction). */
    private final AtomicBoolean stopAfterNextRequest = new AtomicBoolean();
    private volatile boolean closed;

    public BlackholeProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "blackhole-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of the server a JDBC URL {@code jdbc:postgresql://host:port/db...} names. */
    public static BlackholeProxy forJdbcUrl(String jdbcUrl) throws IOException {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return new BlackholeProxy(uri.getHost(), uri.getPort());
    }

    /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
    public String proxiedJdbcUrl(String jdbcUrl) {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return jdbcUrl.replace("//" + uri.getHost() + ":" + uri.getPort() + "/", "//127.0.0.1:" + port() + "/");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public boolean forwarding() {
        return forwarding;
    }

    /** Stops forwarding in both directions now; sockets stay open. */
    public void blackhole() {
        forwarding = false;
    }

    /** Forwards the next client request (e.g. the first statement of a transaction), then blackholes. */
    public void blackholeAfterNextRequest() {
        stopAfterNextRequest.set(true);
    }

    public void resume() {
        stopAfterNextRequest.set(false);
        synchronized (gate) {
            forwarding = true;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                sockets.add(client);
                Thread t = new Thread(() -> connect(client), "blackhole-proxy-conn-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitForwarding(); // a new connection during the blackhole is accepted and then silent
            Socket target = new Socket();
            sockets.add(target);
            target.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            Thread up = new Thread(() -> pump(client, target, true), "blackhole-proxy-up-" + client.getPort());
            up.setDaemon(true);
            up.start();
            pump(target, client, false);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, boolean clientToServer) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (!closed) {
                awaitForwarding(); // stop reading too, so the sender's socket fills as on a dead route
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                awaitForwarding();
                out.write(buffer, 0, n);
                out.flush();
                if (clientToServer && stopAfterNextRequest.compareAndSet(true, false)) {
                    blackhole();
                }
            }
        } catch (IOException | InterruptedException e) {
            // one end went away: take the other with it
        } finally {
            try {
                awaitForwarding(); // a close does not cross a dead route either: the other end keeps waiting
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            while (!forwarding && !closed) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(BlackholeProxy::closeQuietly);
    }
}
