package org.hotline.cti.domain.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hotline.cti.domain.transfer.TransferFixtures.POLICY;
import static org.hotline.cti.domain.transfer.TransferFixtures.at;
import static org.hotline.cti.domain.transfer.TransferFixtures.counts;

import java.time.Clock;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.transfer.TransferDecision.AnswerFromKb;
import org.hotline.cti.domain.transfer.TransferDecision.Conference;
import org.hotline.cti.domain.transfer.TransferDecision.Refused;
import org.hotline.cti.domain.transfer.TransferDecision.WorkOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransferPolicyTest {

    @Test
    @DisplayName("R1: a listed matter in working hours becomes a three-way conference with the department's numbers")
    void r1Conference() {
        Clock clock = Clock.fixed(at("2026-03-04T10:00"), TransferFixtures.SHANGHAI); // Wednesday
        var d = POLICY.decide("license-change", clock.instant(), counts(200, 3));
        assertThat(d).isInstanceOfSatisfying(Conference.class, c -> {
            assertThat(c.department().code()).isEqualTo("market");
            assertThat(c.targets()).extracting(RingTarget::number).containsExactly("sip:2002@127.0.0.3:5072");
            assertThat(c.targets().get(0).ringTimeout()).hasSeconds(15);
            assertThat(c.overridden()).isFalse();
            assertThat(c.budget().limit()).isEqualTo(40);
        });
    }

    @Test
    @DisplayName("R4: during a Tuesday rotation session the on-duty specialist's extension rings first")
    void r4RotationFirst() {
        var c = (Conference) POLICY.decide("vat-credit-refund", at("2026-03-03T09:00"), counts(10, 0));
        assertThat(c.targets())
                .extracting(RingTarget::number)
                .containsExactly("7101", "sip:2001@127.0.0.3:5071", "sip:2011@127.0.0.3:5071");
        assertThat(c.targets().get(0).label()).contains("王敏");
    }

    @Test
    @DisplayName("R4: after 11:30 on Tuesday only the department's numbers ring")
    void r4AfterSession() {
        var c = (Conference) POLICY.decide("vat-credit-refund", at("2026-03-03T14:00"), counts(10, 0));
        assertThat(c.targets())
                .extracting(RingTarget::number)
                .containsExactly("sip:2001@127.0.0.3:5071", "sip:2011@127.0.0.3:5071");
    }

    @Test
    @DisplayName("R2: off hours (evening before 春节 make-up Saturday) → 次紧急 work order due 09:00 next working day")
    void r2OffHoursWorkOrder() {
        var d = POLICY.decide("vat-credit-refund", at("2026-02-13T18:30"), counts(10, 0));
        assertThat(d).isInstanceOfSatisfying(WorkOrder.class, w -> {
            assertThat(w.reasonId().id()).isEqualTo("outside-working-hours");
            assertThat(w.urgency().chinese()).isEqualTo("次紧急");
            assertThat(w.due()).isEqualTo(at("2026-02-14T09:00"));
            assertThat(w.department().code()).isEqualTo("tax");
        });
    }

    @Test
    @DisplayName("R2: during 春节 the work order is due 09:00 of the first working day after it")
    void r2AcrossHoliday() {
        var w = (WorkOrder) POLICY.decide("license-change", at("2026-02-17T10:00"), counts(10, 0));
        assertThat(w.due()).isEqualTo(at("2026-02-24T09:00"));
    }

    @Test
    @DisplayName("R2: at 02:00 on a working day the work order is due 09:00 the same day; lunch break is off hours too")
    void r2EarlyMorningAndLunch() {
        assertThat(((WorkOrder) POLICY.decide("license-change", at("2026-03-04T02:00"), counts(0, 0))).due())
                .isEqualTo(at("2026-03-04T09:00"));
        assertThat(((WorkOrder) POLICY.decide("license-change", at("2026-03-04T12:30"), counts(0, 0))).due())
                .isEqualTo(at("2026-03-05T09:00"));
    }

    @Test
    @DisplayName("R3: a matter not on the three-way list is answered from the knowledge base, at any hour")
    void r3Kb() {
        assertThat(POLICY.decide("annual-report", at("2026-03-04T10:00"), counts(0, 0)))
                .isEqualTo(new AnswerFromKb(TransferFixtures.REPORT, "每年6月30日前报送上一年度年报。"));
        assertThat(POLICY.decide("annual-report", at("2026-03-07T23:00"), counts(0, 0)))
                .isInstanceOf(AnswerFromKb.class);
    }

    @Test
    void unknownMatterIsRefused() {
        assertThat(POLICY.decide("nope", at("2026-03-04T10:00"), counts(0, 0)))
                .isInstanceOfSatisfying(
                        Refused.class, r -> assertThat(r.errorId().id()).isEqualTo("unknown-matter"));
        assertThat(POLICY.decide(null, at("2026-03-04T10:00"), counts(0, 0))).isInstanceOf(Refused.class);
    }

    @Test
    @DisplayName("R10: the 41st three-way call of a 1000-call day is refused with threeway-budget-exhausted")
    void r10BudgetExhausted() {
        assertThat(POLICY.decide("vat-credit-refund", at("2026-03-04T10:00"), counts(900, 39)))
                .isInstanceOf(Conference.class);
        var d = POLICY.decide("vat-credit-refund", at("2026-03-04T10:00"), counts(900, 40));
        assertThat(d).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.errorId().id()).isEqualTo("threeway-budget-exhausted");
            assertThat(r.message()).contains("40 of 40");
        });
    }

    @Test
    @DisplayName("R10: a supervisor override with a reason lets the call through, marked as overridden")
    void r10Override() {
        var override = new SupervisorOverride("李静", "企业反映紧急情况，需即时三方通话");
        var d = POLICY.decide("vat-credit-refund", at("2026-03-04T10:00"), counts(900, 40), override);
        assertThat(d).isInstanceOfSatisfying(Conference.class, c -> {
            assertThat(c.overridden()).isTrue();
            assertThat(c.override()).contains(override);
        });
        // An override that was not needed is not recorded as used.
        var within = (Conference) POLICY.decide("vat-credit-refund", at("2026-03-04T10:00"), counts(900, 1), override);
        assertThat(within.overridden()).isFalse();
    }

    @Test
    @DisplayName("R10: an override needs a non-blank reason")
    void r10OverrideNeedsReason() {
        assertThatThrownBy(() -> new SupervisorOverride("李静", "  "))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.id()).isEqualTo("override-reason-required"));
        assertThatThrownBy(() -> new SupervisorOverride("", "reason")).isInstanceOf(CtiException.class);
    }

    @Test
    @DisplayName("demo: the always-open calendar transfers at 03:00 on a holiday")
    void alwaysOpen() {
        var open = new TransferPolicy(
                TransferFixtures.DIRECTORY,
                org.hotline.cti.domain.calendar.WorkCalendar.alwaysOpen(TransferFixtures.SHANGHAI),
                TransferFixtures.ROSTER,
                ThreeWayBudget.Settings.R10);
        assertThat(open.decide("license-change", at("2026-02-17T03:00"), counts(0, 0)))
                .isInstanceOf(Conference.class);
    }
}
