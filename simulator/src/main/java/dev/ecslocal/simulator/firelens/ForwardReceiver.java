package dev.ecslocal.simulator.firelens;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A Fluentd forward protocol server (ECS-SEMANTICS §7.3): what Docker's fluentd log driver sends a
 * container's lines to. Every connection has its own thread (the daemon opens one per container); a frame
 * that is not the protocol closes that connection, with a message saying why, and the others go on. A frame
 * whose option carries a {@code chunk} is acknowledged with {@code {"ack": chunk}} once its records have been
 * handed on.
 *
 * <p>It serves only whom its {@link Gate} admits, and at most {@code maxConnections} connections at once: a
 * connection from elsewhere, or one over the cap, is closed as soon as it is accepted, before it costs a thread.
 * Each is said once (an outsider once per address, the cap once), not per connection.
 */
public final class ForwardReceiver implements AutoCloseable {
    /** Who may send records: the task's own containers, by their address. */
    @FunctionalInterface
    public interface Gate {
        /** Everyone: for a receiver only the daemon on this machine can reach. */
        Gate ANYONE = peer -> null;

        /** @return why a connection from {@code peer} is refused; null when it is admitted */
        String refuses(InetAddress peer);
    }

    /** How many connections a receiver serves at once: far more than a task's containers open, far fewer than a flood. */
    public static final int MAX_CONNECTIONS = 64;

    private final ServerSocket server;
    private final Consumer<ForwardRecord> records;
    private final Consumer<String> problems;
    private final Gate gate;
    private final int maxConnections;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<InetAddress> refused = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean capSaid = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /** Listens on {@code address} for anyone, with the usual cap on connections. */
    public ForwardReceiver(InetSocketAddress address, Consumer<ForwardRecord> records, Consumer<String> problems)
            throws IOException {
        this(address, Gate.ANYONE, MAX_CONNECTIONS, records, problems);
    }

    /**
     * Listens on {@code address} (port 0: one the system chooses) until closed.
     *
     * @param gate           who may connect
     * @param maxConnections how many connections it serves at once
     * @param records        every event, on the thread of the connection that sent it
     * @param problems       what went wrong with a connection, or whom it refused, in a sentence
     */
    public ForwardReceiver(InetSocketAddress address, Gate gate, int maxConnections, Consumer<ForwardRecord> records,
                           Consumer<String> problems) throws IOException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(address);
        this.gate = gate;
        this.maxConnections = maxConnections;
        this.records = records;
        this.problems = problems;
        Thread accept = new Thread(this::accept, "ecs-local-forward-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                if (!admitted(socket)) {
                    continue;
                }
                connections.add(socket);
                Thread connection = new Thread(() -> serve(socket), "ecs-local-forward-" + socket.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (!closed) {
                    problems.accept("the forward receiver stopped accepting connections: " + e.getMessage());
                }
                return;
            }
        }
    }

    /** Closes, and says once, a connection from outside the gate or over the cap. */
    private boolean admitted(Socket socket) {
        InetAddress peer = socket.getInetAddress();
        String why = gate.refuses(peer);
        if (why != null) {
            closeQuietly(socket);
            if (refused.add(peer)) {
                problems.accept("refused the forward connections from " + peer.getHostAddress() + ": " + why);
            }
            return false;
        }
        if (connections.size() >= maxConnections) {
            closeQuietly(socket);
            if (capSaid.compareAndSet(false, true)) {
                problems.accept("closed forward connections over the limit of " + maxConnections + " at once (the first from "
                        + peer.getHostAddress() + "); the open ones go on");
            }
            return false;
        }
        return true;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closed either way.
        }
    }

    private void serve(Socket socket) {
        String peer = socket.getRemoteSocketAddress().toString();
        try (socket;
             MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            while (unpacker.hasNext()) {
                ForwardDecoder.Frame frame = ForwardDecoder.decode(unpacker.unpackValue());
                frame.records().forEach(records);
                if (frame.chunk() != null) {
                    acknowledge(out, frame.chunk());
                }
            }
        } catch (ForwardProtocolException e) {
            problems.accept("closed the forward connection from " + peer + ": " + e.getMessage());
        } catch (MessagePackException e) {
            problems.accept("closed the forward connection from " + peer + ": not msgpack (" + e.getMessage() + ")");
        } catch (SocketException e) {
            // The peer went away, or we are closing.
        } catch (IOException e) {
            if (!closed) {
                problems.accept("the forward connection from " + peer + " failed: " + e.getMessage());
            }
        } finally {
            connections.remove(socket);
        }
    }

    private static void acknowledge(OutputStream out, String chunk) throws IOException {
        MessagePacker packer = MessagePack.newDefaultPacker(out);
        packer.packMapHeader(1).packString("ack").packString(chunk);
        packer.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
