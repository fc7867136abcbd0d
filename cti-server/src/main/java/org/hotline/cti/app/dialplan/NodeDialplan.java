package org.hotline.cti.app.dialplan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanFiles;
import org.hotline.cti.app.port.DialplanPbx;
import org.hotline.cti.domain.dialplan.DialplanChecker;
import org.hotline.cti.domain.dialplan.DialplanContext;
import org.hotline.cti.domain.dialplan.DialplanContract;
import org.hotline.cti.domain.dialplan.DialplanReport;

/**
 * One Asterisk node's dialplan (issue 14 item 6): its directory and its PBX. Installs checked
 * files, reloads, verifies that the PBX serves what the files say, and on any failure puts the
 * node's previous files back and reloads, so that node keeps routing calls on its old dialplan.
 *
 * @param name  the node's name ({@code ami.nodes[].name})
 * @param files its dialplan directory; null when none is configured (it cannot be loaded)
 * @param pbx   its PBX
 */
public record NodeDialplan(String name, DialplanFiles files, DialplanPbx pbx) {

    /** What a load did on this node: {@code result} as in {@link LoadOutcome}, and why. */
    record Attempt(String result, String message, String problem) {}

    Attempt load(DialplanReport report, Map<String, String> upload) {
        if (files == null) {
            return new Attempt(
                    "not-configured",
                    "no dialplan directory is configured for node " + name + " (ami.nodes[].dialplanDir): not touched",
                    "no dialplanDir configured");
        }
        if (!pbx.reachable()) {
            // Nothing written: files the PBX was never told to reload would be read at its next restart.
            return new Attempt(
                    "unreachable",
                    "node " + name + " cannot be reached over AMI: its files were not touched, it keeps its dialplan",
                    "not connected to the node's AMI");
        }
        Map<String, String> before;
        try {
            before = currentDialplan();
        } catch (RuntimeException e) {
            return new Attempt(
                    "unreachable",
                    "cannot read node " + name + "'s dialplan directory, not touched: " + e.getMessage(),
                    e.getMessage());
        }
        try {
            install(report, upload, before);
            pbx.reload();
            verify(report);
            return new Attempt(
                    "loaded",
                    "installed into " + files.location() + ", reloaded and verified ("
                            + report.contexts().size() + " contexts)",
                    null);
        } catch (RuntimeException e) {
            String why = e.getMessage();
            try {
                restore(before, report.files());
                pbx.reload();
                requireContract();
                return new Attempt("restored", "load failed, previous dialplan restored and reloaded: " + why, why);
            } catch (RuntimeException r) {
                return new Attempt(
                        "restore-failed",
                        "load failed: " + why + "; RESTORE FAILED, check the PBX now: " + r.getMessage(),
                        why);
            }
        }
    }

    /** The dialplan files now installed: extensions.conf and what it includes (never PBX config). */
    private Map<String, String> currentDialplan() {
        Map<String, String> all = new HashMap<>(files.readAll());
        all.keySet().removeIf(DialplanContract.PROTECTED_FILES::contains);
        Map<String, String> out = new TreeMap<>();
        if (all.containsKey(DialplanContract.ENTRY_FILE)) {
            for (String f : DialplanChecker.check(all).files()) {
                out.put(f, all.get(f));
            }
        }
        return out;
    }

    private void install(DialplanReport report, Map<String, String> upload, Map<String, String> before) {
        // extensions.conf last: should the PBX reload on its own meanwhile, it still includes complete files.
        List<String> order = new ArrayList<>(report.files());
        order.remove(DialplanContract.ENTRY_FILE);
        order.add(DialplanContract.ENTRY_FILE);
        for (String f : order) {
            files.write(f, upload.get(f));
        }
        for (String old : before.keySet()) {
            if (!report.files().contains(old)) {
                files.delete(old);
            }
        }
    }

    private void restore(Map<String, String> before, List<String> installed) {
        Set<String> names = new LinkedHashSet<>(installed);
        names.addAll(before.keySet());
        for (String f : names) {
            if (before.containsKey(f)) {
                files.write(f, before.get(f));
            } else {
                files.delete(f);
            }
        }
    }

    /**
     * The PBX must serve exactly what the files define: when Asterisk cannot parse a file it
     * keeps the old dialplan in memory and says so only in its log, so a successful reload
     * command proves nothing. Priority counts per context tell old from new.
     */
    private void verify(DialplanReport report) {
        requireContract();
        for (DialplanContext ctx : report.contexts().values()) {
            OptionalInt served = pbx.priorities(ctx.name());
            if (served.isEmpty()) {
                throw new CtiException(
                        ErrorId.DIALPLAN_NOT_SERVED, "after the reload the PBX has no context [" + ctx.name() + "]");
            }
            if (served.getAsInt() != ctx.priorityCount()) {
                throw new CtiException(
                        ErrorId.DIALPLAN_NOT_SERVED,
                        "after the reload the PBX serves " + served.getAsInt()
                                + " priorities in [" + ctx.name() + "] but the files define " + ctx.priorityCount()
                                + ": Asterisk did not take the new files (see its messages.log)");
            }
        }
    }

    private void requireContract() {
        DialplanContract.REQUIRED.forEach((context, number) -> {
            if (pbx.priorities(context).isEmpty()) {
                throw new CtiException(
                        ErrorId.DIALPLAN_NOT_SERVED, "the PBX has no context [" + context + "] after the reload");
            }
            if (number != null && !pbx.answers(context, number)) {
                throw new CtiException(
                        ErrorId.DIALPLAN_NOT_SERVED, "the PBX does not answer " + number + " in [" + context + "]");
            }
        });
    }
}
