package org.hotline.cti.app.dialplan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanFiles;
import org.hotline.cti.app.port.DialplanLoadStore;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.app.port.DialplanPbx;
import org.hotline.cti.domain.dialplan.DialplanChecker;
import org.hotline.cti.domain.dialplan.DialplanContext;
import org.hotline.cti.domain.dialplan.DialplanContract;
import org.hotline.cti.domain.dialplan.DialplanProblem;
import org.hotline.cti.domain.dialplan.DialplanReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dialplan load}: check, install into the PBX's dialplan directory, reload, verify that the
 * PBX serves what the files say, and on any failure put the previous files back and reload, so
 * Asterisk keeps routing calls on the old dialplan. Every attempt is audited.
 */
public final class DialplanLoader {
    private static final Logger log = LoggerFactory.getLogger(DialplanLoader.class);

    private final DialplanFiles dir;
    private final DialplanPbx pbx;
    private final DialplanLoadStore audit;
    private final Clock clock;

    public DialplanLoader(DialplanFiles dir, DialplanPbx pbx, DialplanLoadStore audit, Clock clock) {
        this.dir = dir;
        this.pbx = pbx;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Checks outside the lock (a hostile upload costs only its own thread, issue 11 item 11), then
     * installs one load at a time: two interleaved loads could each "restore" the other's files.
     */
    public LoadOutcome load(Map<String, String> files, String by) {
        String checksum = checksum(files);
        DialplanReport report = DialplanChecker.check(files);
        if (!report.ok()) {
            log.warn("dialplan {} by {} refused: {}", checksum.substring(0, 12), by, report.errorText());
            return new LoadOutcome(
                    record(
                            by,
                            checksum,
                            new ArrayList<>(new TreeMap<>(files).keySet()),
                            "rejected",
                            "check failed, nothing installed:\n" + report.errorText()),
                    report.errors(),
                    report.warnings());
        }
        synchronized (this) {
            return install(files, by, checksum, report);
        }
    }

    private LoadOutcome install(Map<String, String> files, String by, String checksum, DialplanReport report) {
        Map<String, String> before = currentDialplan();
        try {
            install(report, files, before);
            pbx.reload();
            verify(report);
            log.info(
                    "dialplan {} loaded by {} into {}: {}",
                    checksum.substring(0, 12),
                    by,
                    dir.location(),
                    report.files());
            return new LoadOutcome(
                    record(
                            by,
                            checksum,
                            report.files(),
                            "loaded",
                            "installed into " + dir.location() + ", reloaded and verified ("
                                    + report.contexts().size() + " contexts)"),
                    List.of(),
                    report.warnings());
        } catch (RuntimeException e) {
            String why = e.getMessage();
            log.warn("dialplan {} by {} failed: {}; restoring the previous files", checksum.substring(0, 12), by, why);
            String result;
            String message;
            try {
                restore(before, report.files());
                pbx.reload();
                requireContract();
                result = "restored";
                message = "load failed, previous dialplan restored and reloaded: " + why;
            } catch (RuntimeException r) {
                log.error("restoring the previous dialplan failed: {}", r.getMessage());
                result = "restore-failed";
                message = "load failed: " + why + "; RESTORE FAILED, check the PBX now: " + r.getMessage();
            }
            return new LoadOutcome(
                    record(by, checksum, report.files(), result, message),
                    List.of(new DialplanProblem("(pbx)", 0, why)),
                    report.warnings());
        }
    }

    public List<LoadRecord> history(int limit) {
        return audit.latest(limit);
    }

    /** The dialplan files now installed: extensions.conf and what it includes (never PBX config). */
    private Map<String, String> currentDialplan() {
        Map<String, String> all = new HashMap<>(dir.readAll());
        all.keySet().removeIf(DialplanContract.PROTECTED_FILES::contains);
        Map<String, String> out = new TreeMap<>();
        if (all.containsKey(DialplanContract.ENTRY_FILE)) {
            for (String f : DialplanChecker.check(all).files()) {
                out.put(f, all.get(f));
            }
        }
        return out;
    }

    private void install(DialplanReport report, Map<String, String> files, Map<String, String> before) {
        // extensions.conf last: should the PBX reload on its own meanwhile, it still includes complete files.
        List<String> order = new ArrayList<>(report.files());
        order.remove(DialplanContract.ENTRY_FILE);
        order.add(DialplanContract.ENTRY_FILE);
        for (String f : order) {
            dir.write(f, files.get(f));
        }
        for (String old : before.keySet()) {
            if (!report.files().contains(old)) {
                dir.delete(old);
            }
        }
    }

    private void restore(Map<String, String> before, List<String> installed) {
        Set<String> names = new LinkedHashSet<>(installed);
        names.addAll(before.keySet());
        for (String f : names) {
            if (before.containsKey(f)) {
                dir.write(f, before.get(f));
            } else {
                dir.delete(f);
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

    private LoadRecord record(String by, String checksum, List<String> files, String result, String message) {
        return audit.save(new LoadRecord(0, by, clock.instant(), checksum, files, result, message));
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
