package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The knowledge base round-trips through SQL, Chinese text and document dates intact (R3, R6, R9). */
class JdbcKbStoreTest {
    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcKbStore store = new JdbcKbStore(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    static KbEntry entry() {
        return new KbEntry(
                0,
                "tax",
                "vat-credit-refund",
                "增值税留抵退税",
                "符合条件的纳税人可通过电子税务局提交留抵退税申请。",
                List.of(
                        new PolicyDocument(
                                "关于进一步加大增值税期末留抵退税政策实施力度的公告",
                                "财政部 税务总局",
                                "2022年第14号",
                                LocalDate.of(2022, 4, 1),
                                null,
                                "https://www.chinatax.gov.cn/",
                                "增量留抵税额"),
                        new PolicyDocument(
                                "旧口径", "", "", LocalDate.of(2019, 4, 1), LocalDate.of(2026, 12, 31), null, "")),
                "tax",
                T0);
    }

    static void roundTrips(JdbcKbStore store) {
        KbEntry saved = store.save(entry());
        assertThat(saved.id()).isPositive();
        assertThat(store.entries()).containsExactly(saved);

        KbEntry edited = new KbEntry(
                saved.id(),
                "tax",
                "vat-credit-refund",
                "增值税留抵退税",
                "新口径：一键申请。",
                List.of(saved.documents().get(0)),
                "王敏",
                T0.plusSeconds(60));
        store.save(edited);
        assertThat(store.entries()).containsExactly(edited); // the expired document was cleared (R6)

        UnansweredQuestion q = store.save(
                new UnansweredQuestion(0, "market", null, "个体户变更经营者需要哪些材料？", "c-1", "8001", T0, null, null, null, 0));
        assertThat(q.id()).isPositive();
        UnansweredQuestion done = store.save(q.answered("带身份证明办理。", "market", T0.plusSeconds(5), saved.id()));
        assertThat(store.questions()).containsExactly(done);
    }

    @Test
    void entriesDocumentsAndQuestionsRoundTrip() {
        roundTrips(store);
    }
}
