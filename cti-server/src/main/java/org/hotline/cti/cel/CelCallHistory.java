package org.hotline.cti.cel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.cti.app.port.CallHistory;
import org.hotline.cti.domain.call.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX's call history from cel_custom's CSV file (config/asterisk/cel_custom.conf). Why CEL and
 * not CDR or the queue log: CEL has one line per event with the linkedid that ties a call's legs
 * together, and carries the dialplan's own words (CELGenUserEvent HotlineQueueExit with the queue
 * status, HotlineAfterHours), so a recovered call gets exactly the outcome the live path gives.
 * CDR merges a call into dispositions that lie for us (the exit branch's Answer() makes a missed
 * call "ANSWERED"; ringall forks one CDR per member), and the queue log never sees after-hours calls
 * that do not enter the queue.
 *
 * <p>A position is the byte offset of the next unread line. A call whose LINKEDID_END is not
 * written yet is left for next time (the position stays at its first line), unless its first line
 * is older than a day (a PBX crash never writes it). A file shorter than the position was rotated:
 * it is read from the start.
 */
public final class CelCallHistory implements CallHistory {
    private static final Logger log = LoggerFactory.getLogger(CelCallHistory.class);
    private static final Duration GIVE_UP_WAITING = Duration.ofDays(1);

    private final Path file;
    private final CelCallBuilder builder;
    private final String node;

    /** The history of a single node (or the first of several): call ids are bare uniqueids. */
    public CelCallHistory(Path file, Set<String> inboundContexts) {
        this(file, inboundContexts, "", null);
    }

    /**
     * One node's history (issue 14 item 6): each node writes its own CEL file, and a call
     * recovered from it is keyed as the live path keys that node's calls.
     *
     * @param idPrefix put before each uniqueid to make the call id ({@code ""} for the first node)
     * @param node     the node's name, stored with every call recovered from it
     */
    public CelCallHistory(Path file, Set<String> inboundContexts, String idPrefix, String node) {
        this.file = file.toAbsolutePath().normalize();
        this.builder = new CelCallBuilder(inboundContexts, idPrefix, node);
        this.node = node;
    }

    @Override
    public String source() {
        return "cel:" + file;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String end() {
        try {
            return Long.toString(Files.size(file));
        } catch (NoSuchFileException e) {
            return "0";
        } catch (IOException e) {
            log.warn("CEL file {} unreadable: {}", file, e.getMessage());
            return "0";
        }
    }

    private static final class Group {
        final long firstOffset;
        final List<CelLine> lines = new ArrayList<>();
        boolean complete;

        Group(long firstOffset) {
            this.firstOffset = firstOffset;
        }
    }

    @Override
    public Batch since(String position, Instant arrivedBefore) {
        long from = parse(position);
        Map<String, Group> groups = new LinkedHashMap<>();
        long eof;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (size < from) {
                log.info("CEL file {} is shorter than our position {}: rotated, reading it from the start", file, from);
                from = 0;
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 16, size - from)];
            raf.seek(from);
            raf.readFully(bytes);
            eof = from + split(bytes, from, groups);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            log.warn("CEL file {} not found: calls missed while the CTI was down cannot be recovered", file);
            return new Batch(List.of(), position);
        } catch (IOException e) {
            log.warn("CEL file {} unreadable: {}", file, e.getMessage());
            return new Batch(List.of(), position);
        }
        List<CallRecord> calls = new ArrayList<>();
        long next = eof;
        for (Group g : groups.values()) {
            Instant first = g.lines.get(0).at();
            boolean done = g.complete || first.isBefore(arrivedBefore.minus(GIVE_UP_WAITING));
            if (!done || !first.isBefore(arrivedBefore)) {
                next = Math.min(next, g.firstOffset); // still running, or followed live: read it again next time
                continue;
            }
            builder.build(g.lines).ifPresent(calls::add);
        }
        return new Batch(calls, Long.toString(next));
    }

    /** Splits whole lines into groups by linkedid; returns how many bytes were consumed. */
    private static long split(byte[] bytes, long base, Map<String, Group> groups) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
            CelLine line = text.isEmpty() ? null : CelLine.parse(text);
            if (line != null && !line.linkedId().isEmpty()) {
                long offset = base + start;
                Group g = groups.computeIfAbsent(line.linkedId(), k -> new Group(offset));
                g.lines.add(line);
                if ("LINKEDID_END".equals(line.type())) {
                    g.complete = true;
                }
            }
            start = i + 1;
        }
        return start; // a last line without its newline is still being written
    }

    private static long parse(String position) {
        try {
            return Math.max(0, Long.parseLong(position.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
