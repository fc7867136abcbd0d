package org.hotline.cti.app.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.kb.KnowledgeBase.Actor;
import org.hotline.cti.app.transfer.WrapUpRequest;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.call.CallState;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.search.LuceneKbIndex;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * R9 from the agent's wrap-up: 未能解答 sends the caller's question to the department it belongs
 * to, which answers it, and the answer becomes an entry agents find; R12 still counts the call as
 * wrapped up (not as answered directly). Real Lucene index, in-memory stores, fixed clock.
 */
class UnansweredWrapupTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    ZONE),
            ThreeWayBudget.Settings.R10);
    private final InMemoryCallStore calls = new InMemoryCallStore();
    private final InMemoryTransferStore transfers = new InMemoryTransferStore();
    private final InMemoryKbStore store = new InMemoryKbStore();
    private final LuceneKbIndex index = new LuceneKbIndex();
    private final KnowledgeBase kb =
            new KnowledgeBase(store, index, () -> rules.now().directory(), () -> ZONE, clock);
    private final HotlineDesk desk = new HotlineDesk(rules, calls, transfers, new LiveEvents(), clock);
    private final Session agent =
            new Session("t", "8001", Role.AGENT, "8001", clock.instant().plusSeconds(3600));
    private final Actor market = new Actor("market", Actor.Kind.DEPARTMENT, "market");

    @AfterEach
    void close() {
        index.close();
    }

    private void answeredBy8001(String id) {
        Instant at = clock.instant().minusSeconds(120);
        calls.save(
                new CallRecord(
                        id,
                        "13800000000",
                        "12345",
                        at,
                        "enterprise-desk",
                        at,
                        at,
                        null,
                        at,
                        "8001",
                        false,
                        null,
                        at.plusSeconds(60),
                        16,
                        "Normal Clearing",
                        CallState.ENDED,
                        CallOutcome.ANSWERED,
                        List.of()),
                List.of());
    }

    @Test
    void theQuestionReachesTheMattersDepartmentAndItsAnswerBecomesAnEntry() {
        kb.load(List.of());
        desk.useKnowledgeBase(kb);
        answeredBy8001("c-1");

        HotlineDesk.WrappedUp done = desk.wrapUpCall(
                agent, new WrapUpRequest("c-1", "license-change", "unanswered", null, null, null, "个体户变更经营者需要哪些材料？"));
        assertThat(done.wrapup().resolution()).isEqualTo("unanswered");
        assertThat(done.question().department()).isEqualTo("market");
        assertThat(done.question().callId()).isEqualTo("c-1");
        assertThat(done.question().askedBy()).isEqualTo("8001");
        // R12: wrapped up, not answered directly.
        assertThat(transfers.wrapupsBetween(Instant.EPOCH, clock.instant().plusSeconds(1)))
                .extracting(w -> w.resolution())
                .containsExactly("unanswered");

        assertThat(kb.questions(market, null, true)).containsExactly(done.question());
        var answered = kb.answer(market, done.question().id(), "携带原经营者与新经营者身份证明、变更登记申请书办理。", "个体户变更经营者");
        assertThat(kb.search("经营者", 5)).extracting(KbEntry::id).containsExactly(answered.entryId());
    }

    @Test
    void withoutAQuestionOrADepartmentNothingIsStored() {
        kb.load(List.of());
        desk.useKnowledgeBase(kb);
        answeredBy8001("c-2");
        assertThatThrownBy(() -> desk.wrapUpCall(
                        agent, new WrapUpRequest("c-2", "license-change", "unanswered", null, null, null, " ")))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("question-required");
        // No matter and no department: the question has nowhere to go.
        assertThatThrownBy(() ->
                        desk.wrapUpCall(agent, new WrapUpRequest("c-2", null, "unanswered", null, null, null, "问题")))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("unknown-department");
        assertThat(transfers.wrapupsBetween(Instant.EPOCH, clock.instant().plusSeconds(1)))
                .isEmpty();
        assertThat(store.questions()).isEmpty();

        // Named department without a matter: it goes there.
        var done = desk.wrapUpCall(agent, new WrapUpRequest("c-2", null, "unanswered", null, null, "tax", "出口退税申报期限？"));
        assertThat(done.question().department()).isEqualTo("tax");
    }
}
