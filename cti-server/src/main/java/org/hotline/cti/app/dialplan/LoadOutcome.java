package org.hotline.cti.app.dialplan;

import java.util.List;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.domain.dialplan.DialplanProblem;

/**
 * What a dialplan load did, overall and on each node it was meant for (issue 14 item 6).
 *
 * <p>A node's {@code result}: {@code loaded}; {@code rejected} (the check failed, no node was
 * touched); {@code restored} (installed, the PBX did not serve it, that node's previous files are
 * back and reloaded); {@code restore-failed} (that PBX may be without a working dialplan: an
 * administrator must act now); {@code unreachable} (its AMI link is down: not touched);
 * {@code not-configured} (no dialplan directory for it); {@code not-tried} (an earlier node refused
 * this dialplan, so it was not tried on this one).
 *
 * <p>{@code result}: {@code loaded} when every node meant loaded it; {@code partial} when some
 * did and some did not (those keep their dialplan: nothing loaded is taken back); else the worst
 * node's result. {@code audit} is the record that decides: the first node's when all loaded, else
 * the worst node's.
 */
public record LoadOutcome(
        String result,
        LoadRecord audit,
        List<NodeResult> nodes,
        List<DialplanProblem> errors,
        List<DialplanProblem> warnings) {
    public LoadOutcome {
        nodes = List.copyOf(nodes);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** One node's part: its result and why; {@code auditId} 0 when no audit row was written (not tried). */
    public record NodeResult(String node, String result, String message, long auditId) {}

    public boolean loaded() {
        return "loaded".equals(result);
    }

    /** The node whose result decides, when not every node loaded (its result is the worst). */
    public NodeResult worst() {
        return worst(nodes);
    }

    static NodeResult worst(List<NodeResult> nodes) {
        return nodes.stream()
                .filter(n -> !"loaded".equals(n.result()))
                .min(java.util.Comparator.comparingInt(n -> DialplanLoader.SEVERITY.indexOf(n.result())))
                .orElse(null);
    }
}
