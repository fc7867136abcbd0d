package org.hotline.cti.app.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.app.kb.KnowledgeBase.Actor;
import org.hotline.cti.app.kb.KnowledgeBase.Actor.Kind;
import org.hotline.cti.config.DirectoryConfigLoader;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;
import org.hotline.cti.domain.kb.UnansweredQuestion;
import org.hotline.cti.search.LuceneKbIndex;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** R3, R6, R9 with the real Lucene index and an in-memory store, on a fixed clock. */
class KnowledgeBaseTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Directory DIRECTORY = DirectoryConfigLoader.load(Path.of("..", "config", "departments.yaml"));
    private static final Actor TAX = new Actor("tax", Kind.DEPARTMENT, "tax");
    private static final Actor MARKET = new Actor("market", Kind.DEPARTMENT, "market");
    private static final Actor AGENT = new Actor("8001", Kind.AGENT, null);

    // 2026-12-31 10:00 in Shanghai: the expired document below runs out today.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-31T02:00:00Z"));
    private final InMemoryKbStore store = new InMemoryKbStore();
    private final LuceneKbIndex index = new LuceneKbIndex();
    private final KnowledgeBase kb = new KnowledgeBase(store, index, () -> DIRECTORY, () -> ZONE, clock);

    private static final PolicyDocument CURRENT = new PolicyDocument(
            "关于进一步加大增值税期末留抵退税政策实施力度的公告",
            "财政部 税务总局",
            "财政部 税务总局公告2022年第14号",
            LocalDate.of(2022, 4, 1),
            null,
            null,
            "符合条件的小微企业，可以自2022年4月纳税申报期起向主管税务机关申请退还增量留抵税额。");
    private static final PolicyDocument OLD = new PolicyDocument(
            "关于深化增值税改革有关政策的公告（旧口径）",
            "财政部 税务总局 海关总署",
            "2019年第39号",
            LocalDate.of(2019, 4, 1),
            LocalDate.of(2026, 12, 31),
            null,
            "试行增值税期末留抵税额退税制度，连续六个月增量留抵税额均大于零。");

    @AfterEach
    void close() {
        index.close();
    }

    private KbEntry vat() {
        return new KbEntry(
                0,
                "tax",
                "vat-credit-refund",
                "增值税留抵退税",
                "符合条件的纳税人可通过电子税务局提交留抵退税申请，税务机关审核后办理退库。",
                List.of(CURRENT, OLD),
                "seed",
                clock.instant());
    }

    private KbEntry invoice() {
        return new KbEntry(
                0,
                "tax",
                "tax-invoice-quota",
                "发票领用及增版增量",
                "登录电子税务局，在“发票使用”中申请增版增量。",
                List.of(),
                "seed",
                clock.instant());
    }

    @Test
    void twoCharactersFindTheScriptAndOnlyTheDocumentsInEffect() {
        kb.load(List.of(invoice(), vat()));
        List<KbEntry> hits = kb.search("留抵", 10);
        assertThat(hits).extracting(KbEntry::title).containsExactly("增值税留抵退税");
        assertThat(hits.get(0).documents())
                .extracting(PolicyDocument::number)
                .containsExactly("财政部 税务总局公告2022年第14号", "2019年第39号"); // today is OLD's last day
        clock.advance(Duration.ofDays(1)); // R6: from the day after it expires it is gone for agents
        assertThat(kb.search("留抵", 10).get(0).documents())
                .extracting(PolicyDocument::number)
                .containsExactly("财政部 税务总局公告2022年第14号");
        assertThat(kb.expired(TAX, null))
                .singleElement()
                .satisfies(x -> assertThat(x.documents()).containsExactly(OLD));
        assertThat(kb.expired(MARKET, null)).isEmpty();
    }

    @Test
    void aMatchOnlyInAnExpiredDocumentNoLongerBringsTheEntryUp() {
        kb.load(List.of(vat()));
        assertThat(kb.search("连续六个月", 10)).hasSize(1); // only in OLD's text
        clock.advance(Duration.ofDays(1));
        assertThat(kb.search("连续六个月", 10)).isEmpty();
        assertThat(kb.search("增量留抵", 10)).hasSize(1); // also in CURRENT
    }

    @Test
    void resultsAreRankedAndEveryTypedPairMustOccur() {
        kb.load(List.of(
                invoice(),
                vat(),
                new KbEntry(0, "tax", null, "退税进度查询", "可在电子税务局查询退税进度。", List.of(), "seed", clock.instant())));
        assertThat(kb.search("退税", 10)).extracting(KbEntry::title).contains("增值税留抵退税", "退税进度查询");
        assertThat(kb.search("留抵退", 10)).extracting(KbEntry::title).containsExactly("增值税留抵退税");
        assertThat(kb.search("发票", 10).get(0).title()).isEqualTo("发票领用及增版增量");
        assertThat(kb.search("２０２２年第１４号", 10)).extracting(KbEntry::title).containsExactly("增值税留抵退税"); // full width
        assertThat(kb.search("殡葬", 10)).isEmpty();
        assertThat(kb.search("x".repeat(10_000), 10)).isEmpty();
    }

    @Test
    void aDepartmentsNewEntryIsFoundAtOnceAndOthersCannotTouchIt() {
        kb.load(List.of());
        KbEntry added = kb.create(
                TAX,
                new KbEntry(
                        0,
                        "tax",
                        "tax-registration",
                        "跨区迁移税务登记",
                        "迁出前结清税款、缴销发票后办理迁移。",
                        List.of(),
                        null,
                        clock.instant()));
        assertThat(added.updatedBy()).isEqualTo("tax");
        assertThat(kb.search("迁移", 5)).extracting(KbEntry::id).containsExactly(added.id());

        assertThatThrownBy(() -> kb.update(MARKET, added.id(), added))
                .isInstanceOf(CtiException.class)
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("not-your-entry");
        assertThatThrownBy(() -> kb.create(AGENT, added))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("not-your-entry");
        assertThatThrownBy(() -> kb.create(
                        MARKET,
                        new KbEntry(0, "market", "tax-registration", "x", "y", List.of(), null, clock.instant())))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("wrong-department");

        KbEntry edited = kb.update(
                TAX,
                added.id(),
                new KbEntry(
                        0,
                        "tax",
                        "tax-registration",
                        "跨区迁移税务登记",
                        "迁出前结清税款后，在电子税务局一键迁移。",
                        List.of(),
                        null,
                        clock.instant()));
        assertThat(kb.search("一键迁移", 5)).extracting(KbEntry::id).containsExactly(added.id());
        assertThat(kb.search("缴销发票", 5)).isEmpty(); // the old script is gone from the index
        assertThat(store.entries).containsValue(edited);
    }

    @Test
    void anUnansweredQuestionGoesToItsDepartmentAndItsAnswerCanBecomeAnEntry() {
        kb.load(List.of());
        UnansweredQuestion q = kb.ask(AGENT, null, "license-change", "个体户变更经营者需要哪些材料？", "call-1");
        assertThat(q.department()).isEqualTo("market");
        assertThat(kb.questions(TAX, null, true)).isEmpty();
        assertThat(kb.questions(MARKET, null, true)).containsExactly(q);
        assertThatThrownBy(() -> kb.answer(TAX, q.id(), "…", null))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("not-your-question");

        UnansweredQuestion done = kb.answer(MARKET, q.id(), "携带原经营者与新经营者身份证明、变更登记申请书办理。", "个体户变更经营者");
        assertThat(done.open()).isFalse();
        assertThat(kb.search("经营者", 5)).extracting(KbEntry::id).containsExactly(done.entryId());
        assertThat(kb.questions(MARKET, null, true)).isEmpty();
        assertThatThrownBy(() -> kb.answer(MARKET, q.id(), "again", null))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("already-answered");
    }
}
