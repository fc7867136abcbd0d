package org.hotline.cti.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.hotline.cti.ami.AmiResponse;

/**
 * The sandbox desk as {@link EndToEnd} uses it over its own AMI session: set up for the run and
 * given back, transfers made the CTI's way without the CTI (Asterisk alone), drained between runs.
 */
final class SandboxDesk {
    private static final String QUEUE = "enterprise-desk";
    private static final String SPECIALIST = "PJSIP/specialists/sip:2001@127.0.0.3:5071";

    private SandboxDesk() {}

    /** Asterisk alone: what the CTI's AmiTelephony sends for a transfer, Redirect then Originate. */
    static CallObserver.Transferer amiTransfer(CallObserver obs) {
        return (callId, callerChannel, agentChannel, n) -> {
            String room = Long.toString(95_000 + n);
            return obs.ami()
                    .send(
                            "Redirect",
                            "Channel",
                            callerChannel,
                            "ExtraChannel",
                            agentChannel,
                            "Context",
                            "hotline-conference",
                            "Exten",
                            room,
                            "Priority",
                            "1",
                            "ExtraContext",
                            "hotline-conference-agent",
                            "ExtraExten",
                            room,
                            "ExtraPriority",
                            "1")
                    .thenCompose(r -> {
                        if (!r.success()) {
                            return CompletableFuture.failedFuture(new IllegalStateException(r.message()));
                        }
                        return obs.ami()
                                .send(
                                        "Originate",
                                        "Channel",
                                        SPECIALIST,
                                        "Context",
                                        "hotline-conference-specialist",
                                        "Exten",
                                        room,
                                        "Priority",
                                        "1",
                                        "Timeout",
                                        "20000",
                                        "Async",
                                        "true",
                                        "ChannelId",
                                        "e2e-" + room,
                                        "CallerID",
                                        "\"12345热线转接\" <" + callId + ">");
                    })
                    .thenApply(r -> r.success() ? room : null);
        };
    }

    /**
     * The bench's desk of {@code members} (1 … 5): 8101 … 810N ring whatever they are doing
     * (ringinuse: each is a sipp multi-line phone taking many calls at once), the rest paused;
     * {@code members} = 0 gives the desk back as the sandbox has it (no ringinuse, none paused).
     * The queue rings every unpaused member on each call (ringall).
     */
    static void desk(CallObserver obs, int members) {
        var ami = obs.ami();
        for (int n = 1; n <= EndToEnd.DESK_MAX; n++) {
            String member = "PJSIP/810" + n;
            ami.send(
                            "QueueMemberRingInUse",
                            "Queue",
                            QUEUE,
                            "Interface",
                            member,
                            "RingInUse",
                            n <= members ? "true" : "false")
                    .join();
            ami.send(
                            "QueuePause",
                            "Queue",
                            QUEUE,
                            "Interface",
                            member,
                            "Paused",
                            members > 0 && n > members ? "true" : "false")
                    .join();
        }
    }

    static void restoreDesk() {
        try (CallObserver obs = new CallObserver()) {
            EndToEnd.waitFor("AMI to give the desk back", Duration.ofSeconds(15), obs.ami()::isConnected);
            desk(obs, 0);
        } catch (Exception e) {
            System.err.println("could not give the desk back (ringinuse, pauses): " + e);
        }
    }

    /** Until the last call of the run has ended: no channel left on the PBX. */
    static void drain(CallObserver obs) throws Exception {
        try {
            EndToEnd.waitFor("the run's calls to end", Duration.ofSeconds(60), () -> channelCount(obs) == 0);
        } catch (IllegalStateException stuck) {
            System.out.println("calls left after 60 s: hanging up every channel");
            obs.ami().send("Hangup", "Channel", "/.*/").join();
            EndToEnd.waitFor("the PBX to be idle", Duration.ofSeconds(60), () -> channelCount(obs) == 0);
        }
    }

    private static long channelCount(CallObserver obs) {
        AmiResponse r = obs.ami().send("CoreShowChannels").join();
        return r.events().stream()
                .filter(e -> "CoreShowChannel".equals(e.event()))
                .count();
    }
}
