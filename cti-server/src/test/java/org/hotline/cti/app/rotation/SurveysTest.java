package org.hotline.cti.app.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.WorkOrderMetrics;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.config.SurveyLoader;
import org.hotline.cti.domain.rotation.Survey;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.domain.workorder.WorkOrderStatus;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcRotationStore;
import org.hotline.cti.store.JdbcSurveyStore;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * R7 over the project's survey.yaml, departments, calendar and the real work-order machine (H2): an
 * item that cannot be answered at once becomes a time-limited order dispatched to the question's
 * department; answers are kept per entity per session; bad input stores nothing and makes no order.
 */
class SurveysTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    final MutableClock clock = new MutableClock(RotationServiceTest.at("2026-03-03T09:00")); // Tuesday session
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    SHANGHAI),
            ThreeWayBudget.Settings.R10);
    final WorkOrderService orders = new WorkOrderService(
            new JdbcWorkOrderStore(db.dataSource()),
            new InMemoryCallStore(),
            rules,
            new LiveEvents(),
            WorkOrderMetrics.NONE,
            clock);
    final RotationService rotation = new RotationService(
            () -> rules.now().roster(), new JdbcRotationStore(db.dataSource()), new LiveEvents(), clock);
    final Survey survey = SurveyLoader.load(
            Path.of("../config/survey.yaml"),
            code -> rules.now().directory().department(code).isPresent());
    final Surveys surveys = new Surveys(() -> survey, rotation, new JdbcSurveyStore(db.dataSource()), orders, clock);

    @AfterEach
    void close() {
        orders.close();
        db.close();
    }

    @Test
    void anItemThatCannotBeAnsweredAtOnceBecomesADispatchedTimeLimitedOrder() {
        Surveys.Result r = surveys.submit(
                "双鸭山市某某农业有限公司",
                null,
                "0469-4221234",
                List.of(
                        new Surveys.Item("overall", "基本满意", null),
                        new Surveys.Item("policy-benefit", null, "企业问今年的留抵退税何时到账，需税务局核实"),
                        new Surveys.Item("needs", "希望简化用工备案手续", null)),
                Actor.agent("8001"),
                null);

        assertThat(r.answers()).hasSize(3);
        assertThat(r.orders()).singleElement().satisfies(o -> {
            // policy-benefit's follow-ups go to tax as a consultation (≤ 3 working days, R13).
            assertThat(o.department()).isEqualTo("tax");
            assertThat(o.kind()).isEqualTo(WorkOrderKind.CONSULTATION);
            assertThat(o.origin()).isEqualTo(WorkOrderOrigin.SURVEY);
            assertThat(o.status()).isEqualTo(WorkOrderStatus.DISPATCHED);
            assertThat(o.caller()).isEqualTo("04694221234");
            assertThat(o.description()).contains("双鸭山市某某农业有限公司").contains("留抵退税");
            assertThat(o.completeBy()).isNotNull();
        });
        // Tracked like any other order: the department sees it in its inbox.
        assertThat(orders.list(
                        Actor.department("tax", "tax"),
                        new WorkOrderService.Query(
                                java.util.Set.of(),
                                false,
                                null,
                                null,
                                null,
                                clock.instant().minusSeconds(86400),
                                clock.instant().plusSeconds(60))))
                .extracting(WorkOrder::id)
                .contains(r.orders().get(0).id());
        var stored = surveys.answers(clock.instant().atZone(SHANGHAI).toLocalDate());
        assertThat(stored).extracting(a -> a.questionId()).containsExactly("overall", "policy-benefit", "needs");
        assertThat(stored.get(1).workOrderId()).isEqualTo(r.orders().get(0).id());
        assertThat(stored.get(1).answer()).isNull();
        assertThat(stored.get(0).answer()).isEqualTo("基本满意");
        assertThat(r.session().servedCount()).isEqualTo(1);
        assertThat(r.session().services().get(0).kind().wireName()).isEqualTo("survey");
    }

    @Test
    void badInputStoresNothingAndMakesNoOrder() {
        assertThatThrownBy(() -> surveys.submit(
                        "某某公司",
                        null,
                        "13904691234",
                        List.of(new Surveys.Item("needs", null, "需要协调用地"), new Surveys.Item("overall", "还行", null)),
                        Actor.agent("8001"),
                        null))
                .isInstanceOfSatisfying(CtiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ErrorId.BAD_ANSWER);
                    assertThat(e.getMessage()).startsWith("overall:");
                });
        assertThatThrownBy(() -> surveys.submit(
                        "某某公司",
                        null,
                        null,
                        List.of(new Surveys.Item("needs", null, "需要协调用地")),
                        Actor.agent("8001"),
                        null))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.BAD_PHONE));
        assertThatThrownBy(() -> surveys.submit(
                        "某某公司", null, null, List.of(new Surveys.Item("lunch", "好", null)), Actor.agent("8001"), null))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.UNKNOWN_QUESTION));
        assertThat(surveys.answers(clock.instant().atZone(SHANGHAI).toLocalDate()))
                .isEmpty();
        assertThat(orders.list(
                        Actor.supervisor("supervisor"),
                        new WorkOrderService.Query(
                                java.util.Set.of(),
                                false,
                                null,
                                null,
                                null,
                                clock.instant().minusSeconds(86400),
                                clock.instant().plusSeconds(60))))
                .isEmpty();
        clock.set(RotationServiceTest.at("2026-03-04T09:00")); // Wednesday: no session
        assertThatThrownBy(() -> surveys.submit(
                        "某某公司",
                        null,
                        null,
                        List.of(new Surveys.Item("overall", "满意", null)),
                        Actor.agent("8001"),
                        null))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.error()).isEqualTo(ErrorId.OUTSIDE_ROTATION_SESSION));
    }

    @Test
    void theSurveyFileIsCheckedAtLoad() throws Exception {
        Path bad = java.nio.file.Files.createTempFile("survey", ".yaml");
        java.nio.file.Files.writeString(bad, """
                survey:
                  questions:
                    - {id: a, text: 问题一, type: choice}
                    - {id: a, text: 问题二, type: text, department: nowhere}
                    - {id: c, text: 问题三, type: text, kind: off-hours-urgent}
                """);
        assertThatThrownBy(() -> SurveyLoader.load(bad, code -> code.equals("yingshang")))
                .hasMessageContaining("survey.questions[0].options")
                .hasMessageContaining("'a' is used twice")
                .hasMessageContaining("'nowhere' is not a department")
                .hasMessageContaining("survey.questions[2].kind");
        assertThat(survey.questions()).extracting(Survey.Question::id).contains("overall", "needs");
    }
}
