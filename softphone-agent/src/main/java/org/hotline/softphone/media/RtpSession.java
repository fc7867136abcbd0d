package org.hotline.softphone.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hotline.softphone.phone.MediaStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bidirectional G.711 RTP stream: sends a 20 ms frame from the {@link AudioSource} every
 * 20 ms and feeds what arrives to the {@link AudioSink}. DTMF goes out as RFC 4733 events in
 * place of audio frames, and arriving events are reported once per event. RTCP sender reports
 * go out from the odd port every five seconds.
 */
public final class RtpSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    private static final int EVENT_PACKETS = 5; // 100 ms tone: enough for any DTMF detector
    private static final int END_PACKETS = 3; // RFC 4733 2.5.1.4: repeat the end packet
    private static final long RTCP_INTERVAL_MS = 5000;

    private final DatagramSocket socket;
    private final AudioSource source;
    private final AudioSink sink;
    private final Consumer<Character> dtmfListener;
    private final ScheduledExecutorService sender;
    private final Thread receiver;
    private final ConcurrentLinkedQueue<Character> dtmfQueue = new ConcurrentLinkedQueue<>();
    private final long ssrc;
    private final RtcpReporter rtcp;
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    private volatile InetSocketAddress remote;
    private volatile Codec codec;
    private volatile int dtmfPayloadType;
    private volatile boolean sending = true;
    private volatile boolean closed;
    // Sender-thread state only.
    private int sequence;
    private long timestamp;
    private int eventPacket = -1;
    private int eventCode;
    private long eventTimestamp;
    private final short[] frame = new short[Codec.SAMPLES_PER_FRAME];
    // Receiver-thread state only.
    private long lastEventTimestamp = -1;

    /** Takes ownership of already bound sockets (see {@link RtpPorts}). */
    public RtpSession(RtpPorts.Bound sockets, AudioSource source, AudioSink sink, Consumer<Character> dtmfListener) {
        SecureRandom random = new SecureRandom();
        this.socket = sockets.rtp();
        this.source = source;
        this.sink = sink;
        this.dtmfListener = dtmfListener;
        this.ssrc = random.nextInt() & 0xFFFFFFFFL;
        this.rtcp = new RtcpReporter(
                sockets.rtcp(),
                ssrc,
                "softphone-" + Long.toHexString(ssrc) + "@"
                        + socket.getLocalAddress().getHostAddress());
        this.sequence = random.nextInt(0x10000);
        this.timestamp = random.nextInt() & 0xFFFFFFFFL;
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rtp-send"));
        this.receiver = daemon(this::receiveLoop, "rtp-recv-" + socket.getLocalPort());
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** Starts both directions towards {@code remote} (RTP address from the peer's SDP). */
    public void start(InetSocketAddress remote, Codec codec, int dtmfPayloadType) {
        update(remote, codec, dtmfPayloadType);
        receiver.start();
        sender.scheduleAtFixedRate(this::sendTick, 0, 20, TimeUnit.MILLISECONDS);
        // RFC 3550 suggests 5 s between reports; the first comes early so a short call has one.
        sender.scheduleAtFixedRate(this::rtcpTick, 1000, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void rtcpTick() {
        InetSocketAddress to = remote;
        if (to != null && to.getPort() != 0) {
            rtcp.tick(
                    new InetSocketAddress(to.getAddress(), to.getPort() + 1),
                    timestamp,
                    packetsSent.get(),
                    bytesSent.get(),
                    Instant.now());
        }
    }

    /** RTCP packets received so far (counted, not interpreted). */
    public long rtcpReceived() {
        return rtcp.received();
    }

    /** Applies a renegotiated offer/answer (re-INVITE) without restarting the stream. */
    public void update(InetSocketAddress remote, Codec codec, int dtmfPayloadType) {
        this.remote = remote;
        this.codec = codec;
        this.dtmfPayloadType = dtmfPayloadType;
    }

    /** Stops or restarts sending (hold); receiving goes on so the far end's music still plays. */
    public void setSending(boolean sending) {
        this.sending = sending;
    }

    public void sendDtmf(char digit) {
        Dtmf.eventCode(digit); // fail fast on a bad digit, on the caller's thread
        dtmfQueue.add(digit);
    }

    public MediaStats stats() {
        Codec c = codec;
        return new MediaStats(
                c == null ? "" : c.name(),
                packetsSent.get(),
                bytesSent.get(),
                packetsReceived.get(),
                bytesReceived.get(),
                sink.levelDbfs());
    }

    private void sendTick() {
        try {
            InetSocketAddress to = remote;
            if (to == null || to.getPort() == 0) {
                return;
            }
            if (!sending) {
                dtmfQueue.clear(); // digits typed on hold would arrive stale on resume
                eventPacket = -1;
                timestamp = (timestamp + Codec.SAMPLES_PER_FRAME) & 0xFFFFFFFFL;
                return;
            }
            RtpPacket packet = nextPacket();
            timestamp = (timestamp + Codec.SAMPLES_PER_FRAME) & 0xFFFFFFFFL;
            byte[] bytes = packet.toBytes();
            socket.send(new DatagramPacket(bytes, bytes.length, to));
            packetsSent.incrementAndGet();
            bytesSent.addAndGet(packet.payloadLength());
        } catch (IOException | RuntimeException e) {
            // Never let one bad send kill the schedule: the executor would stop silently.
            if (!closed) {
                log.debug("RTP send failed: {}", e.toString());
            }
        }
    }

    private RtpPacket nextPacket() {
        if (eventPacket < 0 && !dtmfQueue.isEmpty()) {
            eventCode = Dtmf.eventCode(dtmfQueue.poll());
            eventTimestamp = timestamp;
            eventPacket = 0;
        }
        if (eventPacket >= 0) {
            // EVENT_PACKETS with growing duration, then END_PACKETS copies of the final one.
            int n = eventPacket++;
            boolean end = n >= EVENT_PACKETS;
            int duration = Math.min(n + 1, EVENT_PACKETS) * Codec.SAMPLES_PER_FRAME;
            if (n >= EVENT_PACKETS + END_PACKETS - 1) {
                eventPacket = -1;
            }
            return RtpPacket.of(
                    n == 0,
                    dtmfPayloadType,
                    sequence++ & 0xFFFF,
                    eventTimestamp,
                    ssrc,
                    Dtmf.payload(eventCode, end, duration));
        }
        source.read(frame);
        return RtpPacket.of(false, codec.payloadType(), sequence++ & 0xFFFF, timestamp, ssrc, codec.encode(frame));
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                dp.setLength(buf.length);
                socket.receive(dp);
                RtpPacket p = RtpPacket.parse(buf, dp.getLength());
                if (p != null) {
                    onPacket(p);
                }
            } catch (SocketTimeoutException e) {
                // loop to re-check closed
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.debug("RTP receive failed: {}", e.toString());
                }
            }
        }
    }

    private void onPacket(RtpPacket p) {
        packetsReceived.incrementAndGet();
        bytesReceived.addAndGet(p.payloadLength());
        if (p.payloadType() == dtmfPayloadType) {
            // Every packet of one event shares its timestamp: report the event once.
            if (p.payloadLength() >= 4 && p.timestamp() != lastEventTimestamp) {
                lastEventTimestamp = p.timestamp();
                dtmfListener.accept(Dtmf.digit(p.payload()[p.payloadOffset()] & 0xFF));
            }
            return;
        }
        Codec c = Codec.byPayloadType(p.payloadType());
        if (c != null) {
            sink.write(c.decode(p.payload(), p.payloadOffset(), p.payloadLength()));
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdownNow();
        socket.close();
        rtcp.close();
        source.close();
        sink.close();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static void setReceiveTimeout(DatagramSocket s) throws SocketException {
        s.setSoTimeout(500);
    }
}
