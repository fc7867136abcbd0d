package org.hotline.cti.domain.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.hotline.cti.CtiException;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    static final Department TAX = new Department(
            "tax",
            "税务局",
            List.of("sip:2001@127.0.0.3:5071"),
            Duration.ofSeconds(20),
            List.of(new Specialist("王敏", "sip:2001@127.0.0.3:5071")));
    static final Department MARKET =
            new Department("market", "市场监管局", List.of("sip:2002@127.0.0.3:5072"), Duration.ofSeconds(20), List.of());
    static final Matter VAT = new Matter("vat-credit-refund", "增值税留抵退税", "tax", true, "");
    static final Matter LICENSE = new Matter("license-change", "营业执照变更", "market", true, null);
    static final Matter REPORT = new Matter("annual-report", "企业年报公示", "market", false, "每年6月30日前报送。");

    final Directory directory = new Directory(List.of(TAX, MARKET), List.of(VAT, LICENSE, REPORT));

    @Test
    void looksUpByCode() {
        assertThat(directory.matter("vat-credit-refund")).contains(VAT);
        assertThat(directory.matter("nope")).isEmpty();
        assertThat(directory.department("market")).contains(MARKET);
        assertThat(directory.mattersOf("market")).containsExactly(LICENSE, REPORT);
    }

    @Test
    void searchMatchesChineseNamesCodesAndDepartments() {
        assertThat(directory.search("留抵")).containsExactly(VAT);
        assertThat(directory.search(" LICENSE ")).containsExactly(LICENSE);
        assertThat(directory.search("市场监管")).containsExactly(LICENSE, REPORT);
        assertThat(directory.search("年报")).containsExactly(REPORT);
        assertThat(directory.search("")).hasSize(3);
        assertThat(directory.search("不存在")).isEmpty();
    }

    @Test
    void searchPutsMatterMatchesBeforeDepartmentMatches() {
        Matter taxAbout = new Matter("market-tax", "市场主体涉税咨询", "tax", false, "见税务局口径。");
        Directory d = new Directory(List.of(TAX, MARKET), List.of(VAT, LICENSE, taxAbout));
        assertThat(d.search("market")).containsExactly(taxAbout, LICENSE);
    }

    @Test
    void r3NonThreeWayMatterNeedsAnAnswer() {
        assertThatThrownBy(() -> new Matter("x", "某事项", "tax", false, " "))
                .hasMessageContaining("knowledge-base answer");
    }

    @Test
    void rejectsInconsistentDirectories() {
        assertThatThrownBy(() -> new Directory(List.of(TAX, TAX), List.of()))
                .isInstanceOf(CtiException.class)
                .hasMessageContaining("duplicate department code tax");
        assertThatThrownBy(() -> new Directory(List.of(TAX), List.of(LICENSE)))
                .extracting(e -> ((CtiException) e).id())
                .isEqualTo("invalid-directory");
        assertThatThrownBy(() -> new Directory(List.of(TAX), List.of(VAT, VAT)))
                .hasMessageContaining("duplicate matter code");
        // R1: a three-way matter needs a number to ring; a department reached by work order only does not.
        Department office = new Department("yingshang", "营商环境监督局", List.of(), Duration.ofSeconds(5), List.of());
        assertThatThrownBy(() -> new Directory(List.of(office), List.of(new Matter("m", "事项", "yingshang", true, ""))))
                .hasMessageContaining("has no transfer number");
        assertThat(new Directory(List.of(TAX, office), List.of(), "yingshang").supervisionOffice())
                .contains("yingshang");
        assertThatThrownBy(() -> new Directory(List.of(TAX), List.of(), "yingshang"))
                .hasMessageContaining("supervision office");
    }

    @Test
    void districtUnitsHangUnderTheirCityUnit() {
        Department district = new Department(
                "tax-jianshan",
                "尖山区税务局",
                List.of(),
                Duration.ofSeconds(5),
                List.of(),
                Department.Level.DISTRICT,
                "tax");
        Directory d = new Directory(List.of(TAX, district), List.of());
        assertThat(d.neighbours("tax")).containsExactly(district);
        assertThat(d.neighbours("tax-jianshan")).containsExactly(TAX);
        assertThatThrownBy(() -> new Directory(List.of(district), List.of()))
                .hasMessageContaining("unknown parent tax");
        assertThatThrownBy(() -> new Directory(
                        List.of(new Department(
                                "d",
                                "某区",
                                List.of(),
                                Duration.ofSeconds(5),
                                List.of(),
                                Department.Level.DISTRICT,
                                null)),
                        List.of()))
                .hasMessageContaining("needs its parent");
        Department a =
                new Department("a", "甲", List.of(), Duration.ofSeconds(5), List.of(), Department.Level.CITY, "b");
        Department b =
                new Department("b", "乙", List.of(), Duration.ofSeconds(5), List.of(), Department.Level.CITY, "a");
        assertThatThrownBy(() -> new Directory(List.of(a, b), List.of())).hasMessageContaining("loop");
    }
}
