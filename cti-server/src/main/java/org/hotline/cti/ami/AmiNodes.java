package org.hotline.cti.ami;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.QueueMembers;
import org.hotline.cti.app.port.Telephony;
import org.hotline.cti.domain.call.ExtensionRanges;

/**
 * Several Asterisk nodes as one {@link Telephony} (issue 14 item 6): no cluster protocol, one AMI
 * connection per node, and each command sent to the node it concerns.
 * <ul>
 *   <li>a call's commands (conference moves, hanging up its agent) go to the call's node, read
 *       from its id ({@code pbx2:…}; a bare uniqueid is the first node's);</li>
 *   <li>an agent's queue commands go to the node whose {@code agents} list the extension, else to
 *       the first node;</li>
 *   <li>a leg goes to the node the application names (a transfer's specialist: the caller's node,
 *       where the room is), else to the agent's node for {@code PJSIP/<extension>}, else to the
 *       first node that is up; later commands about the leg follow it there;</li>
 *   <li>the desk mode is set on every node that is up (the others get it at their reconnect).</li>
 * </ul>
 */
public final class AmiNodes implements Telephony, QueueMembers, AutoCloseable {
    /** One node: its connection and the agents it serves. */
    public record Node(AmiTelephony telephony, ExtensionRanges agents) {}

    private final List<Node> nodes;
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final Map<String, AmiTelephony> legNode = new ConcurrentHashMap<>();
    private final String queue;

    public AmiNodes(List<Node> nodes, String queue, MeterRegistry registry) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.queue = queue;
        nodes.forEach(n -> byName.put(n.telephony().node(), n));
        // A leg's node is remembered while it lives, so hanging it up goes where it rings.
        nodes.forEach(n -> n.telephony().addLegListener(e -> {
            if (e.kind() == LegEvent.Kind.FAILED || e.kind() == LegEvent.Kind.ENDED) {
                legNode.remove(e.legId());
            }
        }));
        // DESIGN.md's cti_ami_connected: 1 only while every node is logged in (a node down is an alert).
        Gauge.builder("cti.ami.connected", this, AmiNodes::allConnectedGauge)
                .description("1 while logged in to every Asterisk node's AMI")
                .register(registry);
    }

    private double allConnectedGauge() {
        return allConnected() ? 1 : 0;
    }

    public void start() {
        nodes.forEach(n -> n.telephony().start());
    }

    /** The nodes, first listed first. */
    public List<AmiTelephony> nodes() {
        return nodes.stream().map(Node::telephony).toList();
    }

    public AmiTelephony first() {
        return nodes.get(0).telephony();
    }

    public Optional<AmiTelephony> node(String name) {
        return Optional.ofNullable(byName.get(name)).map(Node::telephony);
    }

    public boolean allConnected() {
        return nodes.stream().allMatch(n -> n.telephony().connected());
    }

    /** The node serving agent {@code extension}: the one whose {@code agents} list it, else the first node. */
    public AmiTelephony nodeOfAgent(String extension) {
        for (Node n : nodes) {
            if (n.agents().contains(extension)) {
                return n.telephony();
            }
        }
        return first();
    }

    /** The node call {@code callId} lives on ({@code node:uniqueid}, or the first node's bare uniqueid). */
    AmiTelephony nodeOfCall(String callId) {
        int colon = callId.indexOf(':');
        if (colon < 0) {
            return first();
        }
        Node n = byName.get(callId.substring(0, colon));
        if (n == null) {
            throw new CtiException(ErrorId.NO_SUCH_CALL, "call " + callId + " names no configured Asterisk node");
        }
        return n.telephony();
    }

    @Override
    public boolean connected() {
        return nodes.stream().anyMatch(n -> n.telephony().connected());
    }

    @Override
    public boolean connected(String node) {
        if (node == null) {
            return connected();
        }
        Node n = byName.get(node);
        return n != null && n.telephony().connected();
    }

    @Override
    public CompletableFuture<Void> ring(Leg leg) {
        AmiTelephony target;
        try {
            target = nodeOfLeg(leg);
        } catch (CtiException e) {
            return CompletableFuture.failedFuture(e);
        }
        legNode.put(leg.id(), target);
        return target.ring(leg).whenComplete((v, e) -> {
            if (e != null) {
                legNode.remove(leg.id());
            }
        });
    }

    private AmiTelephony nodeOfLeg(Leg leg) {
        if (leg.node() != null) {
            Node n = byName.get(leg.node());
            if (n == null) {
                throw new CtiException(ErrorId.ORIGINATE_REFUSED, "no Asterisk node named '" + leg.node() + "'");
            }
            return n.telephony();
        }
        String target = leg.target();
        if (target.startsWith("PJSIP/") && target.indexOf('/', 6) < 0) {
            return nodeOfAgent(target.substring(6));
        }
        return nodes.stream()
                .map(Node::telephony)
                .filter(AmiTelephony::connected)
                .findFirst()
                .orElse(first());
    }

    @Override
    public CompletableFuture<Void> hangUp(String legId) {
        AmiTelephony n = legNode.get(legId);
        if (n != null) {
            return n.hangUp(legId);
        }
        // Not rung by this process (e.g. before a restart): ask every node that is up; the others have no such leg.
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Node each : nodes) {
            if (each.telephony().connected()) {
                all.add(each.telephony().hangUp(legId).exceptionally(x -> null));
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public void addLegListener(LegListener listener) {
        nodes.forEach(n -> n.telephony().addLegListener(listener));
    }

    @Override
    public CompletableFuture<Void> joinConference(String callId, String room) {
        try {
            return nodeOfCall(callId).joinConference(callId, room);
        } catch (CtiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> hangUpAgent(String callId) {
        try {
            return nodeOfCall(callId).hangUpAgent(callId);
        } catch (CtiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> agentReady(String extension, boolean ready) {
        return nodeOfAgent(extension).agentReady(extension, ready);
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String extension) {
        return nodeOfAgent(extension).agentDisconnected(extension);
    }

    @Override
    public CompletableFuture<Void> agentGone(String extension) {
        return nodeOfAgent(extension).agentGone(extension);
    }

    @Override
    public CompletableFuture<Void> setDeskOpen(boolean open) {
        // Each node keeps the mode in its own AstDB; one that is down gets it again at its reconnect.
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Node n : nodes) {
            if (n.telephony().connected()) {
                all.add(n.telephony().setDeskOpen(open));
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public CompletableFuture<LegPresence> legPresence(String legPrefix, String room) {
        // The leg was rung on one node; ask every node that is up and keep the best answer.
        List<CompletableFuture<LegPresence>> all = new ArrayList<>();
        for (Node n : nodes) {
            if (n.telephony().connected() || nodes.size() == 1) {
                all.add(n.telephony().legPresence(legPrefix, room));
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            LegPresence best = LegPresence.NONE;
            for (CompletableFuture<LegPresence> f : all) {
                LegPresence p = f.join();
                if (p.where().ordinal() < best.where().ordinal()) {
                    best = p;
                }
            }
            return best;
        });
    }

    /** The queue's agents on every node that is up, each from the node it lives on (its {@code agents} entry). */
    @Override
    public CompletableFuture<List<Agent>> list() {
        List<CompletableFuture<List<Agent>>> per = new ArrayList<>();
        for (Node n : nodes) {
            AmiTelephony t = n.telephony();
            if (nodes.size() > 1 && !t.connected()) {
                continue;
            }
            per.add(new AmiQueueMembers(t.client(), queue)
                    .list()
                    .thenApply(agents -> agents.stream()
                            .filter(a -> nodes.size() == 1 || nodeOfAgent(a.extension()) == t)
                            .toList()));
        }
        return CompletableFuture.allOf(per.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<Agent> out = new ArrayList<>();
            per.forEach(f -> out.addAll(f.join()));
            return out;
        });
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            n.telephony().close();
        }
    }
}
