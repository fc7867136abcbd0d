package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.auth.PasswordHash;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.User;
import org.hotline.cti.app.port.TransferMetrics;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's event stream ({@code GET /api/events}, SSE) on Netty's EmbeddedChannel, no
 * sockets (issue 12 item 4): only a supervisor's single-use ticket opens it; live events and the
 * coalesced stats follow; a dashboard that stops reading is told why and dropped.
 */
class EventStreamTest {
    static final String HASH = PasswordHash.hash("pw");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z")); // Monday 10:00 Shanghai
    // Written through the day's tally, as the server's writers do (issue 14 item 3).
    final org.hotline.cti.app.DayTally tally =
            new org.hotline.cti.app.DayTally(clock, () -> ZoneId.of("Asia/Shanghai"));
    final org.hotline.cti.app.port.CallStore calls = tally.calls(new InMemoryCallStore());
    final org.hotline.cti.app.port.TransferStore transfers = tally.transfers(new InMemoryTransferStore());
    final LiveEvents events = new LiveEvents();
    final AuthService auth = new AuthService(
            List.of(new User("supervisor", Role.SUPERVISOR, null, HASH), new User("8001", Role.AGENT, "8001", HASH)),
            clock);
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    true,
                    ZoneId.of("Asia/Shanghai")),
            ThreeWayBudget.Settings.R10);
    final DailyStats stats = new DailyStats(
            calls,
            transfers,
            rules,
            new TransferOutcomes(calls, transfers, null, rules, events, TransferMetrics.NONE, clock),
            ThreeWayBudget.Settings.R10,
            clock,
            tally);
    final List<CallRecord> live = new ArrayList<>();
    final EventStream stream = new EventStream(auth, stats, () -> List.copyOf(live), events, false);
    final EmbeddedChannel ch = new EmbeddedChannel(stream);

    @AfterEach
    void close() {
        stream.close();
    }

    String ticketFor(String user) {
        return auth.ticket(auth.login(user, "pw"));
    }

    static DefaultFullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    /** Everything written since the last call, as text (HTTP heads as their status line). */
    String drain() {
        StringBuilder sb = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            if (o instanceof HttpResponse r) {
                sb.append("HTTP ").append(r.status().code()).append('\n');
            }
            if (o instanceof HttpContent c) {
                sb.append(c.content().toString(StandardCharsets.UTF_8));
            } else if (o instanceof ByteBuf b) {
                sb.append(b.toString(StandardCharsets.UTF_8));
            }
            io.netty.util.ReferenceCountUtil.release(o);
        }
        return sb.toString();
    }

    String open() {
        ch.writeInbound(get("/api/events?ticket=" + ticketFor("supervisor")));
        return drain();
    }

    @Test
    void withoutATicketOrWithAnAgentsTheStreamIsRefused() {
        ch.writeInbound(get("/api/events"));
        FullHttpResponse none = ch.readOutbound();
        assertThat(none.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        none.release();

        ch.writeInbound(get("/api/events?ticket=" + ticketFor("8001")));
        FullHttpResponse agent = ch.readOutbound();
        assertThat(agent.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        agent.release();

        assertThat(stream.clientCount()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aMalformedTicketEscapeIsA400NotADroppedConnection() throws Exception {
        // Hostile input: "?ticket=%" threw out of the handler and the socket closed unanswered.
        ch.writeInbound(get("/api/events?ticket=%"));
        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(Json.MAPPER
                        .readTree(r.content().toString(StandardCharsets.UTF_8))
                        .at("/error/code")
                        .asText())
                .isEqualTo("bad-request");
        r.release();
        assertThat(stream.clientCount()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void aTicketOpensTheStreamOnceOnly() {
        String ticket = ticketFor("supervisor");
        ch.writeInbound(get("/api/events?ticket=" + ticket));
        String first = drain();
        assertThat(first)
                .startsWith("HTTP 200\n")
                .contains("retry: 2000", "event: hello", "\"user\":\"supervisor\"", "event: stats", "event: live");
        assertThat(stream.clientCount()).isEqualTo(1);

        EmbeddedChannel again = new EmbeddedChannel(stream);
        again.writeInbound(get("/api/events?ticket=" + ticket));
        FullHttpResponse reused = again.readOutbound();
        assertThat(reused.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        reused.release();
        assertFalse(again.finish());
        ch.close();
        assertThat(stream.clientCount()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void eventsAreDeliveredAndABurstCostsOneStatsSnapshot() {
        open();
        Call c = new Call("c1", "13800000001", "12345", clock.instant());
        calls.save(CallRecord.of(c), c.timeline());
        live.add(CallRecord.of(c));
        events.publish(LiveEvents.Event.broadcast("call.offered", Map.of("callId", "c1", "caller", "13800000001")));
        events.publish(LiveEvents.Event.broadcast("call.answered", Map.of("callId", "c1", "agent", "8001")));
        String pushed = drain();
        assertThat(pushed)
                .contains("event: call.offered\ndata: {")
                .contains("\"caller\":\"13800000001\"")
                .contains("event: call.answered")
                .doesNotContain("event: stats");

        stream.flushStats();
        stream.flushLive();
        String coalesced = drain();
        assertThat(coalesced.split("event: stats", -1)).hasSize(2); // one snapshot for the burst
        assertThat(coalesced).contains("\"calls\":1").contains("event: live").contains("\"id\":\"c1\"");
        stream.flushStats();
        assertThat(drain()).as("nothing changed since").isEmpty();
        ch.close();
        assertFalse(ch.finish());
    }

    @Test
    void aDashboardThatStopsReadingIsToldWhyAndDropped() {
        open();
        // The socket stopped taking data: the channel stays above its write-buffer water mark.
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        events.publish(LiveEvents.Event.broadcast("call.offered", Map.of("callId", "c9")));
        String last = drain();
        assertThat(last).isEqualTo("event: closed\ndata: {\"reason\":\"too-slow\"}\n\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(stream.clientCount()).isZero();

        events.publish(LiveEvents.Event.broadcast("call.offered", Map.of("callId", "c10")));
        assertThat(drain()).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void everyDashboardGetsTheSameBytesEncodedOnceWithChineseIntact() {
        open();
        EmbeddedChannel second = new EmbeddedChannel(stream);
        second.writeInbound(get("/api/events?ticket=" + ticketFor("supervisor")));
        for (Object o = second.readOutbound(); o != null; o = second.readOutbound()) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("callId", "c1");
        data.put("caller", "13800000001");
        data.put("enterprise", "双鸭山市惠企通测试有限公司 ✓ 😀");
        data.put("queuedAt", Instant.parse("2026-11-30T02:00:00.125Z"));
        data.put("agent", null);
        events.publish(LiveEvents.Event.broadcast("call.updated", data));

        String expected = "event: call.updated\ndata: {\"callId\":\"c1\",\"caller\":\"13800000001\","
                + "\"enterprise\":\"双鸭山市惠企通测试有限公司 ✓ 😀\",\"queuedAt\":\"2026-11-30T02:00:00.125Z\","
                + "\"agent\":null}\n\n";
        HttpContent a = ch.readOutbound();
        HttpContent b = second.readOutbound();
        // The wire format of before (a String per frame, then UTF-8): the same bytes, shared.
        assertThat(a.content().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(b.content()))
                .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        a.release();
        b.release();
        assertThat(a.content().refCnt())
                .as("the one encoded frame is freed once both are written")
                .isZero();
        ch.close();
        second.close();
        assertFalse(ch.finish());
        assertFalse(second.finish());
    }

    @Test
    void theLiveListIsTheSameJsonAsBeforeAndFollowsACallThatChanged() {
        open();
        Call a = new Call("c1", "13800000001", "12345", clock.instant());
        Call b = new Call("c2", "０４６９-1234567", "12345", clock.instant().plusSeconds(1));
        live.add(CallRecord.of(a));
        live.add(CallRecord.of(b));
        events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c2")));
        drain();
        stream.flushLive();
        assertThat(drain()).isEqualTo(asBefore(live));

        // c2 is queued: a new record; c1's bytes are reused, c2's are encoded afresh.
        b.apply(new org.hotline.cti.domain.call.CallEvent.Queued(
                "c2", clock.instant().plusSeconds(2), "", 0));
        live.set(1, CallRecord.of(b));
        events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c2")));
        drain();
        stream.flushLive();
        String second = drain();
        assertThat(second).isEqualTo(asBefore(live)).contains("\"state\":\"queued\"");
        ch.close();
        assertFalse(ch.finish());
    }

    /** The live frame as it was built before issue 14 item 3: one map per call, one Json.text of all. */
    private static String asBefore(List<CallRecord> calls) {
        return "event: live\ndata: "
                + Json.text(Map.of("calls", calls.stream().map(CoreApi::live).toList())) + "\n\n";
    }

    @Test
    void statsThatCostMuchAreRecomputedAtMostOnceIn20TimesTheirCost() {
        // A clock that moves 100 ms at every reading: each stats snapshot "takes" 100 ms.
        long[] now = {0};
        java.util.function.LongSupplier slow = () -> now[0] += 100_000_000L;
        EventStream costly = new EventStream(auth, stats, () -> List.copyOf(live), events, false, slow);
        EmbeddedChannel dash = new EmbeddedChannel(costly);
        dash.writeInbound(get("/api/events?ticket=" + ticketFor("supervisor")));
        for (Object o = dash.readOutbound(); o != null; o = dash.readOutbound()) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c1")));
        costly.flushStats(); // at 0.2 s; took 0.1 s: the next not before 0.2 + 20 × 0.1 = 2.2 s
        events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c1")));
        costly.flushStats(); // at 0.4 s: too soon, still due
        now[0] = 2_100_000_000L;
        costly.flushStats(); // at 2.2 s
        StringBuilder sb = new StringBuilder();
        for (Object o = dash.readOutbound(); o != null; o = dash.readOutbound()) {
            sb.append(((HttpContent) o).content().toString(StandardCharsets.UTF_8));
            io.netty.util.ReferenceCountUtil.release(o);
        }
        String[] snapshots = sb.toString().split("event: stats", -1);
        assertThat(snapshots).as("one at 0.2 s, none at 0.4 s, one at 2.2 s").hasSize(3);
        assertThat(snapshots[1]).contains("event: call.updated"); // the second push came between them
        dash.close();
        costly.close();
        assertFalse(dash.finish());
    }

    @Test
    void onItsTimersACostlyStatsSnapshotStaysDueAndGoesOutWhenItsTimeComes() throws Exception {
        // Each snapshot "takes" 100 ms more than it does: the clock jumps while the day is read.
        java.util.concurrent.atomic.AtomicLong jump = new java.util.concurrent.atomic.AtomicLong();
        stats.useLastDay(() -> {
            jump.addAndGet(100_000_000L);
            return null;
        });
        EventStream timed = new EventStream(
                auth, stats, () -> List.copyOf(live), events, true, () -> System.nanoTime() + jump.get());
        java.util.Queue<Long> statsSent = new java.util.concurrent.ConcurrentLinkedQueue<>();
        EmbeddedChannel dash = new EmbeddedChannel(
                new io.netty.channel.ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(
                            io.netty.channel.ChannelHandlerContext ctx,
                            Object msg,
                            io.netty.channel.ChannelPromise promise) {
                        // The timer thread writes too: note the stats frames here instead of in the
                        // EmbeddedChannel's own (single-threaded) outbound queue.
                        if (msg instanceof HttpContent c
                                && c.content().toString(StandardCharsets.UTF_8).contains("event: stats")) {
                            statsSent.add(System.nanoTime());
                        }
                        io.netty.util.ReferenceCountUtil.release(msg);
                        promise.setSuccess();
                    }
                },
                timed);
        try {
            dash.writeInbound(get("/api/events?ticket=" + ticketFor("supervisor")));
            assertThat(statsSent).hasSize(1); // the opening snapshot, the first measured
            events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c1")));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> statsSent.size() == 2);
            events.publish(LiveEvents.Event.broadcast("call.updated", Map.of("callId", "c1")));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> statsSent.size() == 3);
            Long[] at = statsSent.toArray(new Long[0]);
            // The second took 100 ms (+ its real time): the third no sooner than ~2 s after it,
            // where without the budget it would follow the change within 500 ms.
            assertThat((at[2] - at[1]) / 1_000_000L).isGreaterThanOrEqualTo(1_800L);
        } finally {
            dash.close();
            timed.close();
        }
    }
}
