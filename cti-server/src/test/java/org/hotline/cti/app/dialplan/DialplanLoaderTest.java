package org.hotline.cti.app.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanFiles;
import org.hotline.cti.app.port.DialplanLoadStore;
import org.hotline.cti.app.port.DialplanPbx;
import org.hotline.cti.domain.dialplan.DialplanChecker;
import org.hotline.cti.domain.dialplan.DialplanContext;
import org.junit.jupiter.api.Test;

class DialplanLoaderTest {
    /** /etc/asterisk in memory: PBX config plus the installed dialplan. */
    static final class FakeDir implements DialplanFiles {
        final Map<String, String> files = new TreeMap<>();
        int writes;

        @Override
        public Map<String, String> readAll() {
            return new TreeMap<>(files);
        }

        @Override
        public void write(String name, String text) {
            writes++;
            files.put(name, text);
        }

        @Override
        public void delete(String name) {
            files.remove(name);
        }

        @Override
        public String location() {
            return "/fake/etc/asterisk";
        }
    }

    /** A PBX that serves what the files say on reload, unless told to keep its old dialplan (a parse failure). */
    static final class FakePbx implements DialplanPbx {
        final FakeDir dir;
        Map<String, DialplanContext> served = Map.of();
        boolean ignoreNextReload;
        boolean reachable = true;
        final List<String> log = new ArrayList<>();

        FakePbx(FakeDir dir) {
            this.dir = dir;
            reload();
            log.clear();
        }

        @Override
        public boolean reachable() {
            return reachable;
        }

        @Override
        public void reload() {
            log.add("reload");
            if (ignoreNextReload) {
                ignoreNextReload = false;
                return;
            }
            Map<String, String> dp = new HashMap<>(dir.files);
            dp.remove("pjsip.conf");
            served = DialplanChecker.check(dp).contexts();
        }

        @Override
        public OptionalInt priorities(String context) {
            DialplanContext c = served.get(context);
            return c == null ? OptionalInt.empty() : OptionalInt.of(c.priorityCount());
        }

        @Override
        public boolean answers(String context, String number) {
            DialplanContext c = served.get(context);
            return c != null && c.answers(number);
        }
    }

    static final class MemoryAudit implements DialplanLoadStore {
        final List<LoadRecord> records = new ArrayList<>();

        @Override
        public LoadRecord save(LoadRecord r) {
            LoadRecord saved = r.withId(records.size() + 1, r.message());
            records.add(0, saved);
            return saved;
        }

        @Override
        public List<LoadRecord> latest(int limit) {
            return records.stream().limit(limit).toList();
        }
    }

    private final FakeDir dir = new FakeDir();
    private final MemoryAudit audit = new MemoryAudit();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);
    private final Map<String, String> repo;
    private final FakePbx pbx;
    private final DialplanLoader loader;

    DialplanLoaderTest() throws IOException {
        repo = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("../dialplans"))) {
            for (Path p : s.toList()) {
                repo.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        dir.files.putAll(repo);
        dir.files.put("pjsip.conf", "[transport-udp]\ntype=transport\n");
        pbx = new FakePbx(dir);
        loader = new DialplanLoader(dir, pbx, audit, clock);
    }

    @Test
    void brokenFilesAreRejectedWithoutTouchingThePbxAndAudited() {
        Map<String, String> broken = new TreeMap<>(repo);
        broken.put(
                "hotline-outbound.conf",
                "[dial-test]\nexten => answered,1,UserEvent(HotlineDialTest\n[callback]\nexten => _X.,1,Hangup()\n");
        Map<String, String> before = dir.readAll();

        LoadOutcome out = loader.load(broken, "admin");

        assertThat(out.loaded()).isFalse();
        assertThat(out.audit().result()).isEqualTo("rejected");
        assertThat(out.errors())
                .extracting(Object::toString)
                .containsExactly("hotline-outbound.conf:2: unbalanced parentheses in 'UserEvent(HotlineDialTest'");
        assertThat(dir.readAll()).isEqualTo(before);
        assertThat(pbx.log).isEmpty();
        assertThat(audit.records).singleElement().satisfies(r -> {
            assertThat(r.loadedBy()).isEqualTo("admin");
            assertThat(r.loadedAt()).isEqualTo(clock.instant());
            assertThat(r.checksum()).hasSize(64).isEqualTo(DialplanLoader.checksum(broken));
        });
    }

    @Test
    void aReloadThePbxDidNotTakeIsDetectedAndThePreviousFilesAreRestoredAndReloaded() {
        Map<String, String> next = new TreeMap<>(repo);
        next.put("hotline-agents.conf", repo.get("hotline-agents.conf") + "exten => 8199,1,Hangup()\n");
        next.put("hotline-extra.conf", "[extra]\nexten => s,1,Hangup()\n");
        next.put("extensions.conf", repo.get("extensions.conf") + "#include hotline-extra.conf\n");
        Map<String, String> before = dir.readAll();
        pbx.ignoreNextReload = true; // Asterisk could not parse the new files and kept the old dialplan

        LoadOutcome out = loader.load(next, "admin");

        assertThat(out.audit().result()).isEqualTo("restored");
        assertThat(out.audit().message()).contains("[agents]", "files define 9");
        assertThat(dir.readAll()).isEqualTo(before);
        assertThat(pbx.log).containsExactly("reload", "reload");
        assertThat(pbx.answers("from-enterprise", "12345")).isTrue();
    }

    @Test
    void aGoodDialplanIsInstalledVerifiedAndStaleDialplanFilesRemoved() {
        Map<String, String> next = new TreeMap<>(repo);
        String merged = repo.get("hotline-conference.conf") + repo.get("hotline-outbound.conf");
        next.remove("hotline-outbound.conf");
        next.put("hotline-conference.conf", merged);
        next.put("extensions.conf", repo.get("extensions.conf").replace("#include hotline-outbound.conf\n", ""));

        LoadOutcome out = loader.load(next, "admin");

        assertThat(out.loaded()).as(out.audit().message()).isTrue();
        assertThat(dir.files).doesNotContainKey("hotline-outbound.conf").containsKey("pjsip.conf");
        assertThat(dir.files.get("hotline-conference.conf")).isEqualTo(merged);
        assertThat(pbx.answers("dial-test", "answered")).isTrue();
        assertThat(loader.history(10))
                .extracting(DialplanLoadStore.LoadRecord::result)
                .containsExactly("loaded");
    }

    @Test
    void aPbxThatDropsMidLoadLeavesTheOldFilesInPlaceAndSaysTheRestoreFailed() {
        DialplanPbx down = new DialplanPbx() {
            @Override
            public boolean reachable() {
                return true; // up when the load began
            }

            @Override
            public void reload() {
                throw new CtiException(ErrorId.AMI_DISCONNECTED, "not connected to Asterisk AMI");
            }

            @Override
            public OptionalInt priorities(String context) {
                throw new CtiException(ErrorId.AMI_DISCONNECTED, "not connected to Asterisk AMI");
            }

            @Override
            public boolean answers(String context, String number) {
                throw new CtiException(ErrorId.AMI_DISCONNECTED, "not connected to Asterisk AMI");
            }
        };
        Map<String, String> before = dir.readAll();
        Map<String, String> next = new TreeMap<>(repo);
        next.put(
                "hotline-globals.conf",
                repo.get("hotline-globals.conf").replace("HOTLINE_QUEUE_WAIT = 60", "HOTLINE_QUEUE_WAIT = 90"));

        LoadOutcome out = new DialplanLoader(dir, down, audit, clock).load(next, "admin");

        assertThat(out.audit().result()).isEqualTo("restore-failed");
        assertThat(out.audit().message()).contains("not connected to Asterisk AMI");
        assertThat(dir.readAll()).isEqualTo(before);
    }

    @Test
    void aPbxWhoseLinkIsDownIsNotTouched() {
        pbx.reachable = false;
        Map<String, String> before = dir.readAll();

        LoadOutcome out = loader.load(repo, "admin");

        assertThat(out.result()).isEqualTo("unreachable");
        assertThat(out.audit().message()).contains("cannot be reached over AMI");
        assertThat(dir.writes).isZero();
        assertThat(dir.readAll()).isEqualTo(before);
        assertThat(pbx.log).isEmpty();
    }

    // Issue 14 item 6: several Asterisk nodes, each with its own directory and PBX.

    private static FakePbx node(Map<String, String> repo) {
        FakeDir d = new FakeDir();
        d.files.putAll(repo);
        return new FakePbx(d);
    }

    private Map<String, String> withExtraAgent() {
        Map<String, String> next = new TreeMap<>(repo);
        next.put("hotline-agents.conf", repo.get("hotline-agents.conf") + "exten => 8199,1,Hangup()\n");
        return next;
    }

    @Test
    void aNodeThatRefusesGetsItsOldDialplanBack_theNodesBeforeKeepTheNewOne_theNodesAfterAreNotTried() {
        FakePbx one = node(repo);
        FakePbx two = node(repo);
        FakePbx three = node(repo);
        two.ignoreNextReload = true; // node 2's Asterisk keeps its old dialplan
        DialplanLoader all = new DialplanLoader(
                List.of(
                        new NodeDialplan("pbx1", one.dir, one),
                        new NodeDialplan("pbx2", two.dir, two),
                        new NodeDialplan("pbx3", three.dir, three)),
                audit,
                clock);
        Map<String, String> next = withExtraAgent();

        LoadOutcome out = all.load(next, "admin");

        assertThat(out.result()).isEqualTo("partial");
        assertThat(out.loaded()).isFalse();
        assertThat(out.nodes())
                .extracting(LoadOutcome.NodeResult::node, LoadOutcome.NodeResult::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pbx1", "loaded"),
                        org.assertj.core.groups.Tuple.tuple("pbx2", "restored"),
                        org.assertj.core.groups.Tuple.tuple("pbx3", "not-tried"));
        assertThat(out.worst().node()).isEqualTo("pbx2");
        assertThat(out.worst().message()).contains("[agents]", "files define 9");
        assertThat(out.nodes().get(2).message()).isEqualTo("not tried: node pbx2 refused this dialplan");
        assertThat(out.audit().node()).isEqualTo("pbx2");
        assertThat(out.errors())
                .extracting(Object::toString)
                .singleElement()
                .asString()
                .contains("pbx2");
        // Nothing loaded is taken back; the refusing node and the untried one keep their dialplan.
        assertThat(one.dir.files).isEqualTo(next);
        assertThat(one.answers("agents", "8199")).isTrue();
        assertThat(two.dir.files).isEqualTo(repo);
        assertThat(two.log).containsExactly("reload", "reload");
        assertThat(three.dir.writes).isZero();
        assertThat(three.log).isEmpty();
        assertThat(audit.records)
                .extracting(DialplanLoadStore.LoadRecord::node, DialplanLoadStore.LoadRecord::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pbx2", "restored"),
                        org.assertj.core.groups.Tuple.tuple("pbx1", "loaded"));
    }

    @Test
    void aNodeThatIsDownOrHasNoDirectoryIsSkippedAndTheOthersLoad() {
        FakePbx one = node(repo);
        FakePbx two = node(repo);
        FakePbx three = node(repo);
        two.reachable = false;
        DialplanLoader all = new DialplanLoader(
                List.of(
                        new NodeDialplan("pbx1", one.dir, one),
                        new NodeDialplan("pbx2", two.dir, two),
                        new NodeDialplan("pbx3", three.dir, three),
                        new NodeDialplan("pbx4", null, node(repo))),
                audit,
                clock);
        Map<String, String> next = withExtraAgent();

        LoadOutcome out = all.load(next, "admin");

        assertThat(out.nodes())
                .extracting(LoadOutcome.NodeResult::result)
                .containsExactly("loaded", "unreachable", "loaded", "not-configured");
        assertThat(out.result()).isEqualTo("partial");
        assertThat(out.worst().node()).as("the worst: a node that is down").isEqualTo("pbx2");
        assertThat(out.nodes().get(3).message()).contains("ami.nodes[].dialplanDir");
        assertThat(one.dir.files).isEqualTo(next);
        assertThat(three.dir.files).isEqualTo(next);
        assertThat(two.dir.writes).isZero();
        assertThat(two.log).isEmpty();
    }

    @Test
    void oneNamedNodeIsLoadedAloneAndAnUnknownNameIsRefusedListingTheNodes() {
        FakePbx one = node(repo);
        FakePbx two = node(repo);
        DialplanLoader all = new DialplanLoader(
                List.of(new NodeDialplan("pbx1", one.dir, one), new NodeDialplan("pbx2", two.dir, two)), audit, clock);
        Map<String, String> next = withExtraAgent();

        LoadOutcome out = all.load(next, "admin", "pbx2");

        assertThat(out.loaded()).isTrue();
        assertThat(out.nodes()).extracting(LoadOutcome.NodeResult::node).containsExactly("pbx2");
        assertThat(out.audit().node()).isEqualTo("pbx2");
        assertThat(two.dir.files).isEqualTo(next);
        assertThat(one.dir.writes).isZero();
        assertThat(one.log).isEmpty();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.load(next, "admin", "pbx9"))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.NO_SUCH_NODE))
                .hasMessage("no Asterisk node 'pbx9'; the nodes are pbx1, pbx2");
        // A broken upload names the node it was meant for and touches none.
        Map<String, String> broken = new TreeMap<>(repo);
        broken.remove("hotline-agents.conf");
        LoadOutcome refused = all.load(broken, "admin", "pbx1");
        assertThat(refused.result()).isEqualTo("rejected");
        assertThat(refused.audit().node()).isEqualTo("pbx1");
        assertThat(one.dir.writes).isZero();
    }
}
