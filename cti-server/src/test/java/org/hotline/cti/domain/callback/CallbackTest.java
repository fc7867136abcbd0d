package org.hotline.cti.domain.callback;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.TimeRange;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.call.Call;
import org.hotline.cti.domain.call.CallEvent;
import org.hotline.cti.domain.call.CallRecord;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationRules;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallbackTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkCalendar CAL =
            WorkCalendar.of(List.<SpecialDay>of(), Set.of(2026), WorkingHours.DEFAULT, SHANGHAI);
    static final SupervisorShift LI =
            new SupervisorShift("李静", "8901", Set.of(MONDAY, WEDNESDAY, FRIDAY), TimeRange.parse("08:00-20:00"));
    static final SupervisorShift CHEN =
            new SupervisorShift("陈刚", "8902", Set.of(TUESDAY), TimeRange.parse("08:00-20:00"));
    static final SupervisorShift ZHOU =
            new SupervisorShift("周涛", "8903", Set.of(MONDAY, TUESDAY), TimeRange.parse("20:00-08:00"));
    static final Roster ROSTER = new Roster(RotationRules.R4, List.of(), List.of(LI, CHEN, ZHOU), CAL);
    static final CallbackRules RULES = new CallbackRules(Set.of("12345"));

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    static Miss miss(String id, String local) {
        return new Miss(id, at(local), "caller-hangup");
    }

    static Callback pending() {
        return Callback.open(
                        "13900000001",
                        miss("c1", "2026-03-02T10:00"),
                        CallbackRules.assign(ROSTER, at("2026-03-02T10:00")))
                .withId(7);
    }

    @Test
    @DisplayName("R11: a callback is due 24 h after the first miss and overdue only after that")
    void dueAndOverdue() {
        Callback cb = pending();
        assertThat(cb.dueAt()).isEqualTo(at("2026-03-03T10:00"));
        assertThat(cb.overdue(at("2026-03-03T10:00"))).isFalse();
        assertThat(cb.overdue(at("2026-03-03T10:00").plusSeconds(1))).isTrue();
        Callback done = cb.record(CallbackResult.REACHED, "已告知", "supervisor", at("2026-03-04T09:00"));
        assertThat(done.overdue(at("2026-03-05T09:00")))
                .as("a done callback is never overdue")
                .isFalse();
    }

    @Test
    @DisplayName("repeats from the same number fold in: counted once per call, due time and owner of the first miss")
    void folding() {
        Callback cb = pending().fold(miss("c2", "2026-03-02T21:00")).fold(miss("c2", "2026-03-02T21:00"));
        assertThat(cb.missCount()).isEqualTo(2);
        assertThat(cb.misses()).extracting(Miss::callId).containsExactly("c1", "c2");
        assertThat(cb.lastMissAt()).isEqualTo(at("2026-03-02T21:00"));
        assertThat(cb.dueAt()).isEqualTo(at("2026-03-03T10:00"));
        assertThat(cb.supervisor()).isEqualTo("李静");
        Callback closed = cb.record(CallbackResult.WRONG_NUMBER, null, "s", at("2026-03-02T22:00"));
        assertThatThrownBy(() -> closed.fold(miss("c3", "2026-03-02T23:00"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("R11: assigned to the supervisor on duty, the overnight one, or the next to come on duty")
    void assignmentAcrossShifts() {
        assertThat(CallbackRules.assign(ROSTER, at("2026-03-02T10:00")).name()).isEqualTo("李静"); // Monday day
        assertThat(CallbackRules.assign(ROSTER, at("2026-03-03T10:00")).name()).isEqualTo("陈刚"); // Tuesday day
        assertThat(CallbackRules.assign(ROSTER, at("2026-03-02T23:30")).name()).isEqualTo("周涛"); // Monday night
        assertThat(CallbackRules.assign(ROSTER, at("2026-03-03T05:00")).name()).isEqualTo("周涛"); // tail of Monday night
        // Wednesday 05:00: the tail of Tuesday night
        assertThat(CallbackRules.assign(ROSTER, at("2026-03-04T05:00")).name()).isEqualTo("周涛");
        // Saturday 10:00: nobody on duty until Monday 08:00 -> 李静, the next one
        Callback.Assignment next = CallbackRules.assign(ROSTER, at("2026-03-07T10:00"));
        assertThat(next.name()).isEqualTo("李静");
        assertThat(next.extension()).isEqualTo("8901");
        Roster empty = new Roster(RotationRules.R4, List.of(), List.of(), CAL);
        assertThat(CallbackRules.assign(empty, at("2026-03-07T10:00"))).isNull();
    }

    @Test
    @DisplayName("results: reached closes, no-answer stays open and counts, wrong-number closes flagged")
    void results() {
        Instant now = at("2026-03-02T11:00");
        Callback tried = pending().record(CallbackResult.NO_ANSWER, "无人接听", "s", now);
        assertThat(tried.status()).isEqualTo(CallbackStatus.PENDING);
        assertThat(tried.attempts()).isEqualTo(1);
        Callback reached = tried.record(CallbackResult.REACHED, "已答复政策", "s", now.plusSeconds(60));
        assertThat(reached.status()).isEqualTo(CallbackStatus.REACHED);
        assertThat(reached.attempts()).isEqualTo(2);
        assertThat(reached.closedAt()).isEqualTo(now.plusSeconds(60));
        assertThat(reached.note()).isEqualTo("已答复政策");
        Callback wrong = pending().record(CallbackResult.WRONG_NUMBER, null, "s", now);
        assertThat(wrong.status()).isEqualTo(CallbackStatus.CLOSED);
        assertThat(wrong.result()).isEqualTo(CallbackResult.WRONG_NUMBER);
    }

    @Test
    @DisplayName("errors: callback-closed, bad-result, callback-busy, not-called-again")
    void errors() {
        Instant now = at("2026-03-02T11:00");
        Callback reached = pending().record(CallbackResult.REACHED, null, "s", now);
        assertThatThrownBy(() -> reached.record(CallbackResult.NO_ANSWER, null, "s", now))
                .isInstanceOf(CtiException.class)
                .extracting("id")
                .isEqualTo("callback-closed");
        assertThatThrownBy(() -> reached.dialling("leg", "8901"))
                .extracting("id")
                .isEqualTo("callback-closed");
        assertThatThrownBy(() -> CallbackResult.fromSupervisor("answered-again"))
                .extracting("id")
                .isEqualTo("bad-result");
        assertThatThrownBy(() -> CallbackResult.fromSupervisor("maybe"))
                .extracting("id")
                .isEqualTo("bad-result");
        Callback dialling = pending().dialling("leg-1", "8901");
        assertThatThrownBy(() -> dialling.dialling("leg-2", "8901"))
                .extracting("id")
                .isEqualTo("callback-busy");
        assertThatThrownBy(() -> pending().closeAnsweredAgain(null, "s", now))
                .extracting("id")
                .isEqualTo("not-called-again");
    }

    @Test
    @DisplayName("dialling returns to pending when its own leg ends; another leg changes nothing")
    void dialling() {
        Callback d = pending().dialling("leg-1", "8901");
        assertThat(d.status()).isEqualTo(CallbackStatus.DIALLING);
        assertThat(d.dialEnded("other", "ended")).isSameAs(d);
        Callback back = d.dialEnded("leg-1", "supervisor-no-answer");
        assertThat(back.status()).isEqualTo(CallbackStatus.PENDING);
        assertThat(back.lastDial()).isEqualTo("supervisor-no-answer");
        assertThat(back.dialLeg()).isNull();
    }

    @Test
    @DisplayName("a number that called again and was answered is marked, and may then be closed")
    void answeredAgain() {
        Callback cb = pending();
        assertThat(cb.answeredAgain("old", at("2026-03-02T09:00")))
                .as("an answer before the miss is not 'again'")
                .isSameAs(cb);
        Callback marked = cb.answeredAgain("c9", at("2026-03-02T15:00"));
        assertThat(marked.answeredAgainAt()).isEqualTo(at("2026-03-02T15:00"));
        assertThat(marked.status()).isEqualTo(CallbackStatus.PENDING);
        Callback closed = marked.closeAnsweredAgain("已由坐席解决", "s", at("2026-03-02T16:00"));
        assertThat(closed.status()).isEqualTo(CallbackStatus.CLOSED);
        assertThat(closed.result()).isEqualTo(CallbackResult.ANSWERED_AGAIN);
    }

    @Test
    @DisplayName("misses: abandoned and after-hours are; answered and misdials are not; a failed call to 12345 is")
    void whichCallsAreMisses() {
        Instant t = at("2026-03-02T10:00");
        Call abandoned = new Call("a", "13900000001", "12345", t);
        abandoned.apply(new CallEvent.Queued("a", t, "enterprise-desk", 1));
        abandoned.apply(new CallEvent.Abandoned("a", t.plusSeconds(9), 1, 9));
        abandoned.apply(new CallEvent.Ended("a", t.plusSeconds(9), 127, ""));
        assertThat(RULES.miss(CallRecord.of(abandoned)))
                .get()
                .extracting(Miss::reason)
                .isEqualTo("caller-hangup");

        Call night = new Call("n", "13900000001", "12345", t);
        night.apply(new CallEvent.AfterHours("n", t));
        night.apply(new CallEvent.Ended("n", t.plusSeconds(3), 16, ""));
        assertThat(RULES.miss(CallRecord.of(night)))
                .get()
                .extracting(Miss::reason)
                .isEqualTo("after-hours");

        Call answered = new Call("x", "13900000001", "12345", t);
        answered.apply(new CallEvent.Answered("x", t.plusSeconds(2), "8101"));
        answered.apply(new CallEvent.Ended("x", t.plusSeconds(60), 16, ""));
        assertThat(RULES.miss(CallRecord.of(answered))).isEmpty();

        Call misdial = new Call("m", "13900000001", "12346", t);
        misdial.apply(new CallEvent.Ended("m", t.plusSeconds(2), 16, ""));
        assertThat(RULES.miss(CallRecord.of(misdial))).isEmpty();
        Call failed = new Call("f", "13900000001", "12345", t);
        failed.apply(new CallEvent.Ended("f", t.plusSeconds(1), 16, ""));
        assertThat(RULES.miss(CallRecord.of(failed)))
                .get()
                .extracting(Miss::reason)
                .isEqualTo("failed");

        Call anonymous = new Call("u", null, "12345", t);
        anonymous.apply(new CallEvent.AfterHours("u", t));
        anonymous.apply(new CallEvent.Ended("u", t.plusSeconds(3), 16, ""));
        assertThat(RULES.miss(CallRecord.of(anonymous)))
                .as("no number, nothing to call back")
                .isEmpty();
        assertThat(Duration.between(t, t.plus(Callback.DUE_AFTER))).isEqualTo(Duration.ofHours(24));
    }
}
