package org.hotline.cti.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.InMemoryCallStore;
import org.hotline.cti.app.InMemoryTransferStore;
import org.hotline.cti.app.port.CallbackStore;
import org.hotline.cti.app.port.WorkOrderStore;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.SignIn;
import org.hotline.cti.domain.transfer.ThreeWayBudget;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcRotationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly bulletin's rotation figures (R4/R5, R18) for March 2026 on records in the H2 store,
 * checked against a hand count: sessions scheduled by roster.yaml and the calendar, held, meeting
 * 50, and the market entities served, each once per session, per department and hotline-wide.
 */
class MonthlyReportRotationTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final HotlineRules rules = new HotlineRules(
            new RuleFileSet(
                    Path.of("../config/departments.yaml"),
                    Path.of("../config/calendar"),
                    Path.of("../config/roster.yaml"),
                    false,
                    ZONE),
            ThreeWayBudget.Settings.R10);
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcRotationStore store = new JdbcRotationStore(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant();
    }

    private void served(String day, String name, String code, String department) {
        store.saveService(
                LocalDate.parse(day),
                new EntityServed(
                        new MarketEntity(name, code),
                        ServiceKind.INTERPRETATION,
                        "",
                        department == null ? "8001" : department,
                        department,
                        at(day + "T09:30")));
    }

    private MonthlyReport.Month march() {
        WorkOrderStore orders = mock(WorkOrderStore.class);
        when(orders.find(any(), any(), any(), anyInt())).thenReturn(List.of());
        CallbackStore callbacks = mock(CallbackStore.class);
        when(callbacks.list(any())).thenReturn(List.of());
        return new MonthlyReport(
                        orders,
                        new InMemoryTransferStore(),
                        new InMemoryCallStore(),
                        callbacks,
                        rules,
                        Clock.fixed(at("2026-04-08T12:00"), ZONE))
                .useRotation(store)
                .of(YearMonth.of(2026, 3));
    }

    @Test
    void sessionsHeldAndEntitiesServedAddUpToTheRecords() {
        // Tuesday 3 March: tax and market sign in. Entities: A (tax twice, by code then by name, and
        // market once), B (tax), C (an agent, no department): 3 distinct; tax served 2, market 1.
        store.saveSignIn(LocalDate.parse("2026-03-03"), new SignIn("王敏", "tax", at("2026-03-03T08:35")));
        store.saveSignIn(LocalDate.parse("2026-03-03"), new SignIn("张丽", "market", at("2026-03-03T08:40")));
        served("2026-03-03", "双鸭山市某某农业有限公司", "91230500MA1BXXXX3K", "tax");
        served("2026-03-03", "双鸭山市某某农业有限公司", null, "tax");
        served("2026-03-03", null, "91230500MA1BXXXX3K", "market");
        served("2026-03-03", "宝清县李记面馆", null, "tax");
        served("2026-03-03", "集贤县丰收合作社", null, null);
        // Friday 6 March: market serves 50 distinct entities (one of them twice): the target is met.
        for (int i = 0; i < 50; i++) {
            served("2026-03-06", "企业" + i, null, "market");
        }
        served("2026-03-06", "企业7", null, "market");
        // Saturday 7 March is no session day: a stray record there is not a session's.
        served("2026-03-07", "企业X", null, "tax");
        // April's session is another month's.
        served("2026-04-03", "企业Y", null, "tax");

        MonthlyReport.Month m = march();
        MonthlyReport.Hotline h = m.hotline();
        // Tuesdays 3, 10, 17, 24, 31 and Fridays 6, 13, 20, 27: nine sessions, none in a holiday.
        assertThat(h.rotationSessionsScheduled()).isEqualTo(9);
        assertThat(h.rotationSessionsHeld()).isEqualTo(2);
        assertThat(h.rotationSessionsMetTarget()).isEqualTo(1);
        assertThat(h.entitiesServed()).isEqualTo(3 + 50);
        MonthlyReport.DepartmentLine tax = line(m, "tax");
        MonthlyReport.DepartmentLine market = line(m, "market");
        assertThat(tax.rotationSessions()).isEqualTo(1);
        assertThat(tax.entitiesServed()).isEqualTo(2);
        assertThat(market.rotationSessions()).isEqualTo(2);
        assertThat(market.entitiesServed()).isEqualTo(1 + 50);
        assertThat(line(m, "hrss").rotationSessions()).isZero();
        assertThat(line(m, "hrss").entitiesServed()).isZero();
    }

    private static MonthlyReport.DepartmentLine line(MonthlyReport.Month m, String code) {
        return m.departments().stream()
                .filter(d -> d.code().equals(code))
                .findFirst()
                .orElseThrow();
    }
}
