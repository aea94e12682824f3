package io.dmskit.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for fault tests: forwards connections on a local port to a real server, and cuts
 * them when asked ({@link #cutAll()}), or on its own at seeded random moments
 * ({@link #cutRandomly}). A cut closes both sockets abruptly, as a network failure or a killed
 * server would. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket[]> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;
    private Thread chaos;

    TcpProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread accept = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The local port to connect to instead of the server's. */
    int port() {
        return server.getLocalPort();
    }

    /** How many connections were cut. */
    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(host, port), 10_000);
                Socket[] pair = {client, upstream};
                open.add(pair);
                pump(client, upstream, pair);
                pump(upstream, client, pair);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Socket[] pair) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // cut, or closed by one side
            } finally {
                close(pair);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket[] pair) {
        open.remove(pair);
        for (Socket s : pair) {
            try {
                s.setSoLinger(true, 0); // RST, as a network failure
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Cuts every open connection now; returns how many. */
    int cutAll() {
        int n = 0;
        for (Socket[] pair : open) {
            close(pair);
            n++;
        }
        cuts.addAndGet(n);
        return n;
    }

    /** From now on, cuts all connections every {@code minMillis} to {@code maxMillis}, at moments drawn from the seed. */
    void cutRandomly(long seed, int minMillis, int maxMillis) {
        Random r = new Random(seed);
        chaos = new Thread(() -> {
            try {
                while (!closed) {
                    Thread.sleep(minMillis + r.nextInt(maxMillis - minMillis));
                    cutAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcp-proxy-chaos");
        chaos.setDaemon(true);
        chaos.start();
    }

    /** Stops cutting at random; connections stay up. */
    void calm() throws InterruptedException {
        if (chaos != null) {
            chaos.interrupt();
            chaos.join(5_000);
            chaos = null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        calm();
        server.close();
        for (Socket[] pair : open) {
            close(pair);
        }
    }
}
