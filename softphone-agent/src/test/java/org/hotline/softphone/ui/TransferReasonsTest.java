package org.hotline.softphone.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.TransferView;
import org.junit.jupiter.api.Test;

class TransferReasonsTest {

    private static final KbEntry THREE_WAY =
            new KbEntry("vat-credit-refund", "增值税留抵退税", "tax", "税务局", true, "可通过电子税务局申请");
    private static final KbEntry KB_ONLY = new KbEntry("faq", "办事指南", "market", "市场监管局", false, "请登录政务服务网");

    @Test
    void transferIsAllowedOnlyForAThreeWayMatterOnAnAnsweredCallWhileConnected() {
        assertThat(TransferReasons.before(true, true, THREE_WAY, false)).isNull();
        assertThat(TransferReasons.before(true, false, THREE_WAY, false)).contains("CTI 未连接");
        assertThat(TransferReasons.before(false, true, THREE_WAY, false)).isEqualTo("当前没有通话");
        assertThat(TransferReasons.before(true, true, null, false)).isEqualTo("请先选择事项");
        assertThat(TransferReasons.before(true, true, KB_ONLY, false)).contains("知识库", "R3");
        assertThat(TransferReasons.before(true, true, THREE_WAY, true)).contains("进行中");
    }

    @Test
    void serverRefusalsReadAsTheRule() {
        assertThat(TransferReasons.refused(
                        new CtiException("outside-working-hours", "closed", Map.of("workOrder", Map.of("id", "W7")))))
                .contains("非工作时间", "W7", "9:00", "R2");
        // R2: at 02:00 on a working day the department calls this morning, and the agent must say so.
        assertThat(TransferReasons.refused(new CtiException(
                        "outside-working-hours",
                        "closed",
                        Map.of("workOrder", Map.of("id", "W8"), "dueText", "今日 09:00"))))
                .contains("须于今日 09:00 前联系企业")
                .doesNotContain("下一工作日");
        assertThat(TransferReasons.refused(new CtiException("threeway-budget-exhausted", "x")))
                .contains("4%", "R10");
        assertThat(TransferReasons.refused(new CtiException("not-three-way", "请登录政务服务网")))
                .endsWith("请登录政务服务网");
        assertThat(TransferReasons.refused(new CtiException("unknown-matter", "no matter 'x'")))
                .contains("no matter 'x'");
        assertThat(TransferReasons.refused(new CtiException("override-needs-supervisor", "agents may not")))
                .contains("值班长本人", "R10");
        assertThat(TransferReasons.sticky("threeway-budget-exhausted")).isTrue();
        assertThat(TransferReasons.sticky("cti-timeout")).isFalse();
    }

    @Test
    void pastTheBudgetASupervisorIsToldToApprove_anAgentThatASupervisorMust() {
        assertThat(TransferReasons.BUDGET).contains("4%", "R10");
        assertThat(TransferReasons.budgetExhausted(true)).contains("值班长批准", "理由");
        assertThat(TransferReasons.budgetExhausted(false)).contains("须经值班长批准");
    }

    @Test
    void progressNamesTheDepartmentAndTheCause() {
        TransferView ringing = new TransferView(
                "T1", "c", "m", "n", "tax", "税务局", "ringing", null, null, "sip:2001@127.0.0.3:5071", null);
        TransferView failed =
                new TransferView("T1", "c", "m", "n", "tax", "税务局", "failed", "failed", "no-answer", null, "W3");
        assertThat(TransferReasons.progress(ringing)).isEqualTo("正在呼叫税务局政策专员…");
        assertThat(TransferReasons.progress(failed)).isEqualTo("转接失败：无人接听，已生成工单 W3");
    }
}
