package org.hotline.cti.app.dialplan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanFiles;
import org.hotline.cti.app.port.DialplanLoadStore;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.app.port.DialplanPbx;
import org.hotline.cti.domain.dialplan.DialplanChecker;
import org.hotline.cti.domain.dialplan.DialplanProblem;
import org.hotline.cti.domain.dialplan.DialplanReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dialplan load}: check once, then on every Asterisk node (or one named node, issue 14
 * item 6) install into its dialplan directory, reload, verify that the PBX serves what the files
 * say, and on any failure put that node's previous files back and reload, so it keeps routing
 * calls on its old dialplan. A dialplan one node refused is not tried on the nodes after it; the
 * nodes that loaded it before keep it (nothing loaded is taken back). A node whose AMI link is
 * down, or that has no dialplan directory, is left untouched and the next one is tried. Every
 * node's attempt is audited on its own row.
 */
public final class DialplanLoader {
    private static final Logger log = LoggerFactory.getLogger(DialplanLoader.class);

    /** Node results, worst first: the overall result and error follow the worst. */
    static final List<String> SEVERITY =
            List.of("restore-failed", "restored", "rejected", "unreachable", "not-configured", "not-tried", "loaded");

    private final List<NodeDialplan> nodes;
    private final DialplanLoadStore audit;
    private final Clock clock;

    /** One PBX (the single-node form: node {@code pbx1}). */
    public DialplanLoader(DialplanFiles dir, DialplanPbx pbx, DialplanLoadStore audit, Clock clock) {
        this(List.of(new NodeDialplan("pbx1", dir, pbx)), audit, clock);
    }

    /** Every Asterisk node, in the order loads go through them (ami.nodes). */
    public DialplanLoader(List<NodeDialplan> nodes, DialplanLoadStore audit, Clock clock) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node");
        }
        this.nodes = List.copyOf(nodes);
        this.audit = audit;
        this.clock = clock;
    }

    /** Loads into every node. */
    public LoadOutcome load(Map<String, String> files, String by) {
        return load(files, by, null);
    }

    /**
     * Checks outside the lock (a hostile upload costs only its own thread, issue 11 item 11), then
     * installs one load at a time: two interleaved loads could each "restore" the other's files.
     *
     * @param node the node to load, by name; null: every node
     * @throws CtiException {@code no-such-node} when {@code node} names none
     */
    public LoadOutcome load(Map<String, String> files, String by, String node) {
        List<NodeDialplan> targets = targets(node);
        String checksum = checksum(files);
        DialplanReport report = DialplanChecker.check(files);
        if (!report.ok()) {
            log.warn("dialplan {} by {} refused: {}", checksum.substring(0, 12), by, report.errorText());
            LoadRecord rejected = record(
                    by,
                    checksum,
                    new ArrayList<>(new TreeMap<>(files).keySet()),
                    "rejected",
                    "check failed, nothing installed:\n" + report.errorText(),
                    node);
            return new LoadOutcome(
                    "rejected",
                    rejected,
                    targets.stream()
                            .map(n -> new LoadOutcome.NodeResult(
                                    n.name(), "rejected", "check failed, not touched", rejected.id()))
                            .toList(),
                    report.errors(),
                    report.warnings());
        }
        synchronized (this) {
            return install(targets, files, by, checksum, report);
        }
    }

    private List<NodeDialplan> targets(String node) {
        if (node == null) {
            return nodes;
        }
        return nodes.stream()
                .filter(n -> n.name().equals(node))
                .findFirst()
                .map(List::of)
                .orElseThrow(() -> new CtiException(
                        ErrorId.NO_SUCH_NODE,
                        "no Asterisk node '" + node + "'; the nodes are "
                                + String.join(
                                        ", ",
                                        nodes.stream().map(NodeDialplan::name).toList())));
    }

    private LoadOutcome install(
            List<NodeDialplan> targets, Map<String, String> files, String by, String checksum, DialplanReport report) {
        List<LoadOutcome.NodeResult> results = new ArrayList<>();
        Map<String, LoadRecord> rows = new HashMap<>();
        List<DialplanProblem> errors = new ArrayList<>();
        String refusedBy = null;
        for (NodeDialplan n : targets) {
            if (refusedBy != null) {
                results.add(new LoadOutcome.NodeResult(
                        n.name(), "not-tried", "not tried: node " + refusedBy + " refused this dialplan", 0));
                continue;
            }
            NodeDialplan.Attempt a = n.load(report, files);
            LoadRecord row = record(by, checksum, report.files(), a.result(), a.message(), n.name());
            rows.put(n.name(), row);
            results.add(new LoadOutcome.NodeResult(n.name(), a.result(), a.message(), row.id()));
            if (a.problem() != null) {
                errors.add(new DialplanProblem("(pbx " + n.name() + ")", 0, a.problem()));
            }
            switch (a.result()) {
                case "loaded" ->
                    log.info(
                            "dialplan {} loaded by {} into node {}: {}",
                            checksum.substring(0, 12),
                            by,
                            n.name(),
                            report.files());
                case "restored", "restore-failed" -> {
                    refusedBy = n.name();
                    log.warn("dialplan {} by {} on node {}: {}", checksum.substring(0, 12), by, n.name(), a.message());
                }
                default ->
                    log.warn("dialplan {} by {} on node {}: {}", checksum.substring(0, 12), by, n.name(), a.message());
            }
        }
        LoadOutcome.NodeResult worst = LoadOutcome.worst(results);
        if (worst == null) {
            return new LoadOutcome("loaded", rows.get(targets.get(0).name()), results, List.of(), report.warnings());
        }
        boolean some = results.stream().anyMatch(r -> "loaded".equals(r.result()));
        return new LoadOutcome(
                some && !"restore-failed".equals(worst.result()) ? "partial" : worst.result(),
                rows.get(worst.node()),
                results,
                errors,
                report.warnings());
    }

    /** The nodes' names, in load order. */
    public List<String> nodeNames() {
        return nodes.stream().map(NodeDialplan::name).toList();
    }

    public List<LoadRecord> history(int limit) {
        return audit.latest(limit);
    }

    private LoadRecord record(
            String by, String checksum, List<String> files, String result, String message, String node) {
        return audit.save(new LoadRecord(0, by, clock.instant(), checksum, files, result, message, node));
    }

    /** SHA-256 over name, NUL, text, NUL of every file in name order: the same files give the same sum. */
    static String checksum(Map<String, String> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((name, text) -> {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(text.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
