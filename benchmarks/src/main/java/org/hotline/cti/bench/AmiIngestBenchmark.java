package org.hotline.cti.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hotline.cti.ami.AmiCallTranslator;
import org.hotline.cti.ami.AmiDecoder;
import org.hotline.cti.ami.AmiMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (a) AMI ingest without sockets: one operation is the whole recorded stream (85,423 events) fed
 * in 64 KiB reads, as a socket would deliver it. The project's path (AmiDecoder in a Netty
 * pipeline, then AmiCallTranslator) is compared with two baselines on the same bytes: a bare
 * blank-line splitter (the floor: it finds event boundaries and builds nothing) and a naive
 * parser that splits strings into maps (what one writes first).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dlogback.configurationFile=logback-bench.xml"})
public class AmiIngestBenchmark {
    /** A typical socket read; Netty's adaptive allocator settles at similar sizes under load. */
    static final int READ_BYTES = 64 * 1024;

    private byte[] bytes;
    private int events;
    private AmiCallTranslator translator;

    @Setup
    public void load() {
        Capture c = Capture.get();
        bytes = c.bytes;
        events = c.events();
        translator = new AmiCallTranslator(Set.of("from-enterprise"), Clock.systemUTC());
    }

    /** Baseline floor: count CRLF CRLF; no strings, no objects. */
    @Benchmark
    public int bareSplitter() {
        byte[] b = bytes;
        int n = 0;
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                n++;
                i += 3;
            }
        }
        return check(n);
    }

    /** Baseline as written first: decode to a String, split on blank lines and lines, build maps. */
    @Benchmark
    public void naiveStringParser(Blackhole bh) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] blocks = text.substring(text.indexOf('\n') + 1).split("\r\n\r\n");
        int n = 0;
        for (String block : blocks) {
            if (block.isEmpty()) {
                continue;
            }
            Map<String, String> m = new HashMap<>();
            for (String line : block.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0) {
                    m.putIfAbsent(line.substring(0, c), line.substring(c + 1).strip());
                }
            }
            bh.consume(m);
            n++;
        }
        check(n);
    }

    @Benchmark
    public void amiDecoder(Blackhole bh) {
        Sink sink = new Sink(bh, null);
        feed(new EmbeddedChannel(new AmiDecoder(), sink));
        check(sink.events);
    }

    @Benchmark
    public void amiDecoderAndTranslator(Blackhole bh) {
        Sink sink = new Sink(bh, translator);
        feed(new EmbeddedChannel(new AmiDecoder(), sink));
        check(sink.events);
    }

    private void feed(EmbeddedChannel ch) {
        for (int off = 0; off < bytes.length; off += READ_BYTES) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, off, Math.min(READ_BYTES, bytes.length - off)));
        }
        ch.finishAndReleaseAll();
    }

    private int check(int n) {
        if (n != events) {
            throw new IllegalStateException("counted " + n + " events, the capture has " + events);
        }
        return n;
    }

    /** Consumes what the decoder emits, as the AMI client's handler would; keeps nothing. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final Blackhole bh;
        final AmiCallTranslator translator;
        int events;

        Sink(Blackhole bh, AmiCallTranslator translator) {
            this.bh = bh;
            this.translator = translator;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof AmiMessage m) {
                events++;
                bh.consume(translator == null ? m : translator.translate(m));
            }
        }
    }
}
