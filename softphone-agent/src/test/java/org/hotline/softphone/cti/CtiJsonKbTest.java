package org.hotline.softphone.cti;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the matter panel shows for a knowledge-base result: the script, then the documents it rests on (R3). */
class CtiJsonKbTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theScriptIsFollowedByTheDocumentsInEffect() throws Exception {
        KbEntry k = CtiJson.kb(json.readTree("""
                {"code":"vat-credit-refund","name":"增值税留抵退税","department":"tax","departmentName":"税务局","threeWay":true,
                 "answer":"可通过电子税务局申请。",
                 "documents":[{"title":"关于进一步加大增值税期末留抵退税政策实施力度的公告","issuer":"财政部 税务总局",
                               "number":"财政部 税务总局公告2022年第14号","effective":"2022-04-01","expires":null}]}"""));
        assertThat(k.answer())
                .isEqualTo("可通过电子税务局申请。\n\n依据：\n《关于进一步加大增值税期末留抵退税政策实施力度的公告》"
                        + "（财政部 税务总局公告2022年第14号，财政部 税务总局，自 2022-04-01 起施行）");
        assertThat(k.threeWay()).isTrue();
    }

    @Test
    void aResultWithoutDocumentsKeepsItsAnswer() throws Exception {
        KbEntry k = CtiJson.kb(
                json.readTree("{\"code\":\"annual-report\",\"name\":\"企业年报公示\",\"answer\":\"每年6月30日前报送。\"}"));
        assertThat(k.answer()).isEqualTo("每年6月30日前报送。");
    }
}
