package org.hotline.cti.domain.transfer;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hotline.cti.domain.calendar.SpecialDay;
import org.hotline.cti.domain.calendar.WorkCalendar;
import org.hotline.cti.domain.calendar.WorkingHours;
import org.hotline.cti.domain.directory.Department;
import org.hotline.cti.domain.directory.Directory;
import org.hotline.cti.domain.directory.Matter;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.RotationDuty;
import org.hotline.cti.domain.roster.RotationRules;

/** A small hand-made world: tax with two numbers and a Tuesday rotation specialist, market, 春节 2026. */
final class TransferFixtures {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Department TAX = new Department(
            "tax",
            "税务局",
            List.of("sip:2001@127.0.0.3:5071", "sip:2011@127.0.0.3:5071"),
            Duration.ofSeconds(20),
            List.of());
    static final Department MARKET =
            new Department("market", "市场监管局", List.of("sip:2002@127.0.0.3:5072"), Duration.ofSeconds(15), List.of());
    static final Matter VAT = new Matter("vat-credit-refund", "增值税留抵退税", "tax", true, "");
    static final Matter LICENSE = new Matter("license-change", "营业执照变更", "market", true, "");
    static final Matter REPORT = new Matter("annual-report", "企业年报公示", "market", false, "每年6月30日前报送上一年度年报。");
    static final Directory DIRECTORY = new Directory(List.of(TAX, MARKET), List.of(VAT, LICENSE, REPORT));

    static final WorkCalendar CALENDAR = WorkCalendar.of(
            List.of(
                    new SpecialDay(LocalDate.of(2026, 2, 15), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 16), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 17), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 18), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 19), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 20), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 21), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 22), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 23), SpecialDay.Kind.HOLIDAY, "春节"),
                    new SpecialDay(LocalDate.of(2026, 2, 14), SpecialDay.Kind.MAKE_UP_WORKDAY, "春节")),
            Set.of(2026),
            WorkingHours.DEFAULT,
            SHANGHAI);

    static final RotationDuty WANG = new RotationDuty("王敏", "tax", "7101", Set.of(DayOfWeek.TUESDAY), Set.of());
    static final Roster ROSTER = new Roster(RotationRules.R4, List.of(WANG), List.of(), CALENDAR);

    static final TransferPolicy POLICY = new TransferPolicy(DIRECTORY, CALENDAR, ROSTER, ThreeWayBudget.Settings.R10);

    /** 1000 calls expected: a budget of 40 three-way calls. */
    static DayCounts counts(long calls, long threeWay) {
        return new DayCounts(calls, threeWay, List.of(1000L, 1000L, 1000L, 1000L));
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private TransferFixtures() {}
}
