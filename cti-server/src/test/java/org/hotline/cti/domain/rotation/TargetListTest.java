package org.hotline.cti.domain.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * R5 policy push: the target list a department uploads, as Excel and WPS save it (UTF-8, BOM or
 * not, CRLF, quoted cells), and as it goes wrong: every bad row reported with its spreadsheet row
 * number (the header is row 1) and the reason, and the list as a whole refused.
 */
class TargetListTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String s) {
        byte[] body = utf8(s);
        byte[] out = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }

    @Test
    void aChineseListFromExcelWithBomCrlfAndQuotedCellsIsRead() {
        TargetList.Parsed p = TargetList.parse(withBom("企业名称,统一社会信用代码,联系电话,联系人\r\n"
                + "双鸭山市某某农业有限公司,91230500MA1BXXXX3K,0469-4221234,王经理\r\n"
                + "\"宝清县李记面馆（个体工商户）\",,13904691234,李师傅\r\n"
                + "\"集贤县\"\"丰收\"\"合作社, 分社\",,+86 139 0469 1235,\r\n"
                + ",,,\r\n"));
        assertThat(p.ok()).as(p.errors().toString()).isTrue();
        assertThat(p.targets()).hasSize(3);
        TargetList.Target first = p.targets().get(0);
        assertThat(first.row()).isEqualTo(2);
        assertThat(first.entity().name()).isEqualTo("双鸭山市某某农业有限公司");
        assertThat(first.entity().creditCode()).isEqualTo("91230500MA1BXXXX3K");
        assertThat(first.phone()).isEqualTo("04694221234");
        assertThat(first.contact()).isEqualTo("王经理");
        assertThat(p.targets().get(1).entity().name()).isEqualTo("宝清县李记面馆（个体工商户）");
        assertThat(p.targets().get(1).entity().creditCode()).isNull();
        assertThat(p.targets().get(2).entity().name()).isEqualTo("集贤县\"丰收\"合作社, 分社");
        assertThat(p.targets().get(2).phone()).isEqualTo("13904691235");
        assertThat(p.targets().get(2).contact()).isNull();
    }

    @Test
    void columnsAreFoundByTheirHeaderInAnyOrderWithoutBomAndFullWidthDigitsAreRead() {
        TargetList.Parsed p = TargetList.parse(utf8("phone,name\n１３９０４６９１２３４,某某科技有限公司"));
        assertThat(p.ok()).isTrue();
        assertThat(p.targets().get(0).phone()).isEqualTo("13904691234");
        assertThat(p.targets().get(0).entity().name()).isEqualTo("某某科技有限公司");
    }

    @Test
    void everyBadRowIsReportedWithItsRowNumberAndReason() {
        TargetList.Parsed p = TargetList.parse(withBom("名称,统一社会信用代码,电话\n"
                + "某某科技有限公司,,13904691234\n" // row 2: fine
                + ",,13904691235\n" // row 3: nobody named
                + "某某商贸有限公司,123,13904691236\n" // row 4: not a credit code
                + "某某物流有限公司,,12345abc\n" // row 5: not a phone number
                + "=HYPERLINK(\"http://x\"),,13904691237\n" // row 6: a spreadsheet formula
                + "某某科技有限公司,,13904691238\n" // row 7: the same entity as row 2
                + "某某建材有限公司,,13904691239,多余\n" // row 8: a field too many
                + "某某食品有限公司,,\n")); // row 9: no phone
        assertThat(p.ok()).isFalse();
        assertThat(p.errorCount()).isEqualTo(7);
        assertThat(p.errors()).extracting(TargetList.RowError::row).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(p.errors().get(0).reason()).contains("名称").contains("统一社会信用代码");
        assertThat(p.errors().get(1).reason()).contains("credit code");
        assertThat(p.errors().get(2).reason()).contains("not a phone number");
        assertThat(p.errors().get(3).reason()).contains("formula");
        assertThat(p.errors().get(4).reason()).contains("row 2");
        assertThat(p.errors().get(5).reason()).contains("4 fields");
        assertThat(p.errors().get(6).reason()).contains("电话");
    }

    @Test
    void aQuoteThatNeverClosesIsReportedAtTheRowItOpened() {
        TargetList.Parsed p =
                TargetList.parse(utf8("名称,电话\n某某科技有限公司,13904691234\n\"某某商贸,13904691235\n某某物流,13904691236\n"));
        assertThat(p.ok()).isFalse();
        assertThat(p.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.reason()).contains("never closes");
        });
    }

    @Test
    void aFileSavedAsGbkOrXlsxOrWithoutHeaderIsRefusedAsAWhole() {
        byte[] gbk = "名称,电话\n某某科技有限公司,13904691234\n".getBytes(Charset.forName("GBK"));
        assertThat(TargetList.parse(gbk).errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isZero();
            assertThat(e.reason()).contains("not UTF-8");
        });
        byte[] xlsx = {0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00};
        assertThat(TargetList.parse(xlsx).errors().get(0).reason()).contains("binary");
        assertThat(TargetList.parse(utf8("某某科技有限公司,13904691234\n"))
                        .errors()
                        .get(0)
                        .reason())
                .contains("header");
        assertThat(TargetList.parse(utf8("")).errors().get(0).reason()).contains("empty");
        assertThat(TargetList.parse(withBom("名称,电话\r\n")).errors().get(0).reason())
                .contains("no target");
        assertThat(TargetList.parse(utf8("名称,名称,电话\n甲,乙,13904691234"))
                        .errors()
                        .get(0)
                        .reason())
                .contains("twice");
    }

    @Test
    void controlCharactersAndOverlongNamesAreRejected() {
        String longName = "某".repeat(201);
        TargetList.Parsed p = TargetList.parse(
                utf8("名称,电话\n\"某某\n科技\",13904691234\n" + longName + ",13904691235\n" + "某某\u0007公司,13904691236\n"));
        assertThat(p.errors()).extracting(TargetList.RowError::row).containsExactly(2, 3, 4);
        assertThat(p.errors().get(0).reason()).contains("control character");
        assertThat(p.errors().get(1).reason()).contains("200");
    }

    @Test
    void onlyTheFirstHundredBadRowsAreListedButAllAreCounted() {
        StringBuilder b = new StringBuilder("名称,电话\n");
        for (int i = 0; i < 150; i++) {
            b.append("企业").append(i).append(",bad\n");
        }
        TargetList.Parsed p = TargetList.parse(utf8(b.toString()));
        assertThat(p.errorCount()).isEqualTo(150);
        assertThat(p.errors()).hasSize(TargetList.MAX_REPORTED);
    }
}
