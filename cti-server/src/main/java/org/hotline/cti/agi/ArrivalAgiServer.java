package org.hotline.cti.agi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.internal.ServerSocketFacadeImpl;
import org.hotline.cti.app.arrival.ArrivalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server the inbound dialplan asks at arrival ({@code AGI(agi://127.0.0.1:4573/arrival)}),
 * built on Asterisk-Java's {@link DefaultAgiServer}: one short-lived script per call, on its pool.
 * The socket is bound in {@link #start()} so a port in use fails the server's start with a clear
 * message instead of dying quietly in the accept thread.
 */
public final class ArrivalAgiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArrivalAgiServer.class);
    private static final int BACKLOG = 64;
    /** How long the server waits for the next line from Asterisk (a request, or a command's reply). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Duration readTimeout;

    private final String host;
    private final int port;
    private final ArrivalScript script;
    private final ExecutorService lookups;
    private BoundServer server;
    private Thread acceptor;

    /**
     * @param answerWithin how long a lookup may take before the call goes on unchanged; the
     *                     caller is waiting (ringing) meanwhile, so keep it well under a second
     */
    public ArrivalAgiServer(String host, int port, ArrivalService arrivals, Duration answerWithin) {
        this(host, port, arrivals, answerWithin, READ_TIMEOUT);
    }

    ArrivalAgiServer(String host, int port, ArrivalService arrivals, Duration answerWithin, Duration readTimeout) {
        this.readTimeout = readTimeout;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        // Lookups run beside the AGI threads so a stalled database cannot hold a call past its deadline.
        this.lookups = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "agi-lookup");
            t.setDaemon(true);
            return t;
        });
        this.script = new ArrivalScript(arrivals, lookups, answerWithin);
    }

    /** Binds and starts accepting; returns the bound address. */
    public InetSocketAddress start() {
        try {
            InetAddress address = InetAddress.getByName(host);
            ServerSocketFacadeImpl socket = new ServerSocketFacadeImpl(port, BACKLOG, address);
            // A connection that sends half a request and waits held one of the 32 AGI threads for
            // ever; 32 of them and no call was recognised any more. Asterisk answers in milliseconds.
            socket.setSocketReadTimeout((int) readTimeout.toMillis());
            server = new BoundServer(socket);
            // Not SimpleMappingStrategy: a request without agi_network_script (garbage on the port)
            // made it throw a NullPointerException, logged with its stack trace at ERROR.
            server.setMappingStrategy(
                    (request, channel) -> ArrivalScript.NAME.equals(request.getScript()) ? script : null);
            server.setPoolSize(2);
            server.setMaximumPoolSize(32);
            acceptor = new Thread(
                    () -> {
                        try {
                            server.startup();
                        } catch (IOException | IllegalStateException e) {
                            log.warn("FastAGI server stopped: {}", e.getMessage());
                        }
                    },
                    "agi-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress bound = new InetSocketAddress(address, port);
            log.info(
                    "FastAGI listening on {}:{} (agi://…/{}: caller recognition at arrival, R11 priority)",
                    bound.getHostString(),
                    bound.getPort(),
                    ArrivalScript.NAME);
            return bound;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen for FastAGI on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.shutdown();
            } catch (IllegalStateException e) {
                log.debug("FastAGI server was not running: {}", e.getMessage());
            }
        }
        lookups.shutdownNow();
    }

    /** Asterisk-Java's server on a socket this class bound itself. */
    private static final class BoundServer extends DefaultAgiServer {
        private final ServerSocketFacadeImpl socket;

        BoundServer(ServerSocketFacadeImpl socket) {
            this.socket = socket;
        }

        @Override
        protected ServerSocketFacade createServerSocket() {
            return socket;
        }
    }
}
