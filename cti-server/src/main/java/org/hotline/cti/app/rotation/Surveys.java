package org.hotline.cti.app.rotation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.SurveyStore;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.PhoneNumber;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.Survey;
import org.hotline.cti.domain.rotation.SurveyAnswer;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R7 business-environment surveys over the hotline during rotation sessions: one market entity's
 * answers are recorded together; an item that cannot be answered at once (the enterprise raises a
 * question someone must find out) becomes a time-limited work order to the question's department,
 * dispatched at once through the work-order machine and tracked like any other (deadlines R13,
 * escalation R15). The entity counts as served (kind {@code survey}) towards 50 (R5).
 */
public final class Surveys {
    private static final Logger log = LoggerFactory.getLogger(Surveys.class);

    private final Supplier<Survey> survey;
    private final RotationService rotation;
    private final SurveyStore store;
    private final WorkOrderService orders;
    private final Clock clock;

    public Surveys(
            Supplier<Survey> survey,
            RotationService rotation,
            SurveyStore store,
            WorkOrderService orders,
            Clock clock) {
        this.survey = survey;
        this.rotation = rotation;
        this.store = store;
        this.orders = orders;
        this.clock = clock;
    }

    public Survey survey() {
        return survey.get();
    }

    /** One item as given: an {@code answer}, or a {@code followUp} saying what must be found out. */
    public record Item(String question, String answer, String followUp) {}

    /** One entity's survey, with the work orders made for its pending items. */
    public record Result(RotationSession session, List<SurveyAnswer> answers, List<WorkOrder> orders) {}

    /**
     * Records {@code items} for the entity in the session in progress. Everything is checked before
     * anything is stored or any order made: {@code bad-entity}, {@code bad-phone},
     * {@code unknown-question}, {@code bad-answer} (with the question's id).
     */
    public synchronized Result submit(
            String name, String creditCode, String phone, List<Item> items, Actor by, String department) {
        RotationSession s = rotation.requireSession();
        MarketEntity entity = RotationService.entity(name, creditCode);
        Survey sv = survey.get();
        if (items == null || items.isEmpty()) {
            throw new CtiException(ErrorId.BAD_ANSWER, "answers: at least one question answered or left for follow-up");
        }
        boolean anyFollowUp = items.stream()
                .anyMatch(i -> i.followUp() != null && !i.followUp().isBlank());
        String dial = phone == null || phone.isBlank()
                ? null
                : PhoneNumber.normalize(phone)
                        .orElseThrow(
                                () -> new CtiException(ErrorId.BAD_PHONE, "'" + phone + "' is not a phone number"));
        if (anyFollowUp && dial == null) {
            // The department must be able to call the enterprise back with the answer (R13 sign + contact).
            throw new CtiException(
                    ErrorId.BAD_PHONE, "phone: an item left for follow-up needs the enterprise's number");
        }
        Set<String> seen = new HashSet<>();
        for (Item i : items) {
            Survey.Question q = sv.question(i.question() == null ? "" : i.question())
                    .orElseThrow(() -> new CtiException(
                            ErrorId.UNKNOWN_QUESTION,
                            "no survey question '" + i.question() + "' (config/survey.yaml)"));
            if (!seen.add(q.id())) {
                throw new CtiException(ErrorId.BAD_ANSWER, q.id() + ": answered twice");
            }
            boolean followUp = i.followUp() != null && !i.followUp().isBlank();
            if (followUp && i.followUp().length() > 1000) {
                throw new CtiException(ErrorId.BAD_ANSWER, q.id() + ": the follow-up is longer than 1000 characters");
            }
            String why = followUp ? null : q.check(i.answer());
            if (why != null) {
                throw new CtiException(ErrorId.BAD_ANSWER, q.id() + ": " + why + " (or give followUp)");
            }
        }
        Instant now = clock.instant();
        String who = entity.name() != null ? entity.name() : entity.creditCode();
        List<SurveyAnswer> answers = new ArrayList<>();
        List<WorkOrder> made = new ArrayList<>();
        for (Item i : items) {
            Survey.Question q = sv.question(i.question()).orElseThrow();
            boolean followUp = i.followUp() != null && !i.followUp().isBlank();
            Long orderId = null;
            if (followUp) {
                // R7: what cannot be answered at once becomes a time-limited order, dispatched now.
                WorkOrder o = orders.create(
                        by.kind() == Actor.Kind.DEPARTMENT ? Actor.SYSTEM : by,
                        new NewWorkOrder(
                                q.kind(),
                                WorkOrderOrigin.SURVEY,
                                q.department(),
                                null,
                                dial,
                                null,
                                "营商环境问卷（" + s.slot().date() + " 轮值）" + who + "：" + q.text() + " —— "
                                        + i.followUp().strip() + "（登记：" + by.user() + "，R7）",
                                null),
                        true);
                made.add(o);
                orderId = o.id();
            }
            answers.add(new SurveyAnswer(
                    0,
                    s.slot().date(),
                    entity,
                    dial,
                    q.id(),
                    q.text(),
                    followUp ? null : i.answer().strip(),
                    followUp ? i.followUp().strip() : null,
                    orderId,
                    by.user(),
                    department,
                    now));
        }
        store.save(answers);
        RotationSession next = rotation.servedIn(
                s.slot().date(), entity, ServiceKind.SURVEY, answers.size() + " 题", by.user(), department);
        log.info(
                "survey {}: {} answered {} item(s), {} work order(s) for follow-up (R7)",
                s.slot().date(),
                who,
                answers.size(),
                made.size());
        return new Result(next, answers, made);
    }

    public List<SurveyAnswer> answers(LocalDate session) {
        return store.bySession(session);
    }
}
