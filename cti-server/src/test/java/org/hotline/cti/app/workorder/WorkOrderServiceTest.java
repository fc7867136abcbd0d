package org.hotline.cti.app.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.domain.workorder.Actor;
import org.hotline.cti.domain.workorder.EscalationCause;
import org.hotline.cti.domain.workorder.Evaluation;
import org.hotline.cti.domain.workorder.NewWorkOrder;
import org.hotline.cti.domain.workorder.Stage;
import org.hotline.cti.domain.workorder.WorkOrder;
import org.hotline.cti.domain.workorder.WorkOrderKind;
import org.hotline.cti.domain.workorder.WorkOrderOrigin;
import org.hotline.cti.metrics.MicrometerWorkOrderMetrics;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.hotline.cti.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The work-order use cases over a real (H2) store and the project's rule files: escalation exactly
 * once per cause, also when the server restarts between checks (R15); figures as of a past instant
 * for the daily report (R18); the metrics the figures feed.
 */
class WorkOrderServiceTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final Database db = Database.open(url, "sa", "");
    final MutableClock clock = new MutableClock(at("2026-03-05T10:00")); // a Thursday
    final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    SHANGHAI),
            ThreeWayBudget.Settings.R10);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    WorkOrderService service() {
        return service(registry);
    }

    WorkOrderService service(PrometheusMeterRegistry metrics) {
        return new WorkOrderService(
                new JdbcWorkOrderStore(db.dataSource()),
                new InMemoryCallStore(),
                rules,
                new LiveEvents(),
                new MicrometerWorkOrderMetrics(metrics),
                clock);
    }

    WorkOrder order(WorkOrderService s, String department) {
        return s.create(
                Actor.agent("8001"),
                new NewWorkOrder(
                        WorkOrderKind.HELP,
                        WorkOrderOrigin.MANUAL,
                        department,
                        null,
                        "13800000001",
                        null,
                        "企业求助",
                        null),
                true);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anOverdueOrderEscalatesOncePerCauseEvenAcrossARestart() {
        WorkOrderService first = service();
        WorkOrder o = order(first, "tax"); // sign by 12:00
        assertThat(first.checkDeadlines()).isZero();
        clock.set(at("2026-03-05T12:01"));
        assertThat(first.checkDeadlines()).isEqualTo(1);
        first.close();

        // The server restarts: a new service (and a new meter registry) over the same database.
        PrometheusMeterRegistry afterRestart = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkOrderService second = service(afterRestart);
        assertThat(second.checkDeadlines()).isZero();
        assertThat(second.get(o.id(), Actor.department("yingshang", "yingshang"))
                        .escalations())
                .containsOnlyKeys(EscalationCause.OVERDUE_SIGN);
        assertThat(second.figures().escalatedTotal()).containsEntry(EscalationCause.OVERDUE_SIGN, 1L);

        // A first 不满意 is another cause: once more, and only once.
        second.sign(o.id(), Actor.department("tax", "tax"), "已联系");
        second.complete(o.id(), Actor.department("tax", "tax"), "已办结");
        second.feedback(o.id(), Actor.department("tax", "tax"), "已反馈");
        WorkOrder bad = second.evaluate(o.id(), Actor.supervisor("supervisor"), Evaluation.DISSATISFIED);
        assertThat(bad.escalations()).containsOnlyKeys(EscalationCause.OVERDUE_SIGN, EscalationCause.DISSATISFIED);
        clock.set(at("2026-03-20T10:00"));
        assertThat(second.checkDeadlines()).isZero();
        second.close();

        // The counter reads the stored escalations: after the restart it still counts the first one.
        String scrape = afterRestart.scrape();
        assertThat(scrape)
                .contains("cti_workorders_escalated_total{cause=\"overdue-sign\"} 1.0")
                .contains("cti_workorders_escalated_total{cause=\"dissatisfied\"} 1.0")
                .contains("cti_workorders_escalated_total{cause=\"overdue-complete\"} 0.0");
    }

    @Test
    void figuresCountOpenAndOverdueOrdersPerStageNowAndAsOfAPastInstant() {
        WorkOrderService s = service();
        WorkOrder late = order(s, "tax");
        WorkOrder onTime = order(s, "hrss");
        clock.set(at("2026-03-05T11:00"));
        s.sign(onTime.id(), Actor.department("hrss", "hrss"), "已联系");
        clock.set(at("2026-03-05T13:00")); // tax's 12:00 sign-by has passed
        s.checkDeadlines();

        WorkOrderFigures now = s.figures();
        assertThat(now.open()).isEqualTo(2);
        assertThat(now.overdue()).isEqualTo(1);
        assertThat(now.byDepartment().get("tax")).containsEntry(Stage.SIGN, new WorkOrderFigures.Count(1, 1));
        assertThat(now.byDepartment().get("hrss")).containsEntry(Stage.COMPLETE, new WorkOrderFigures.Count(1, 0));
        assertThat(now.escalatedOpen()).extracting(WorkOrder::id).containsExactly(late.id());
        assertThat(registry.scrape())
                .contains("cti_workorders_overdue{department=\"tax\",stage=\"sign\"} 1.0")
                .contains("cti_workorders_open{department=\"hrss\",stage=\"complete\"} 1.0");

        // The next day hrss completes and tax signs; the report for the 5th still shows the 5th.
        clock.set(at("2026-03-06T09:00"));
        s.sign(late.id(), Actor.department("tax", "tax"), "已联系");
        s.complete(onTime.id(), Actor.department("hrss", "hrss"), "已办结");
        WorkOrderFigures fifth = s.figuresAt(at("2026-03-06T00:00"));
        assertThat(fifth.byDepartment().get("tax")).containsEntry(Stage.SIGN, new WorkOrderFigures.Count(1, 1));
        assertThat(fifth.byDepartment().get("hrss")).containsEntry(Stage.COMPLETE, new WorkOrderFigures.Count(1, 0));
        assertThat(fifth.escalatedTotal()).containsEntry(EscalationCause.OVERDUE_SIGN, 1L);
        WorkOrderFigures beforeAnything = s.figuresAt(at("2026-03-05T09:00"));
        assertThat(beforeAnything.open()).isZero();
        assertThat(beforeAnything.escalatedTotal()).containsEntry(EscalationCause.OVERDUE_SIGN, 0L);
        WorkOrderFigures sixth = s.figures();
        assertThat(sixth.overdue()).isZero();
        assertThat(sixth.byDepartment().get("hrss")).containsEntry(Stage.FEEDBACK, new WorkOrderFigures.Count(1, 0));
        s.close();
    }

    @Test
    void theSupervisionOfficeSeesEscalatedOrdersOnlyAndDepartmentsTheirOwn() {
        WorkOrderService s = service();
        WorkOrder tax = order(s, "tax");
        order(s, "hrss");
        var all = new WorkOrderService.Query(java.util.Set.of(), true, null, null, null, null, null);
        assertThat(s.list(Actor.department("tax", "tax"), all))
                .extracting(WorkOrder::id)
                .containsExactly(tax.id());
        assertThat(s.list(Actor.department("yingshang", "yingshang"), all)).isEmpty();
        assertThat(s.list(Actor.agent("8001"), all)).hasSize(2);
        clock.advance(Duration.ofHours(3));
        s.checkDeadlines();
        assertThat(s.list(Actor.department("yingshang", "yingshang"), all)).hasSize(2);
        s.close();
    }
}
