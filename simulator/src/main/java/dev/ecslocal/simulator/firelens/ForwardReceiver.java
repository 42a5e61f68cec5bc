package dev.ecslocal.simulator.firelens;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 */
public final class ForwardReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final Consumer<ForwardRecord> records;
    private final Consumer<String> problems;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Listens on {@code address} (port 0: one the system chooses) until closed.
     *
     * @param records  every event, on the thread of the connection that sent it
     * @param problems what went wrong with a connection, in a sentence
     */
    public ForwardReceiver(InetSocketAddress address, Consumer<ForwardRecord> records, Consumer<String> problems)
            throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(address);
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
