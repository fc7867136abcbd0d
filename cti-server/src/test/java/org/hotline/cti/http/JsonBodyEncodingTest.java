package org.hotline.cti.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.junit.jupiter.api.Test;

/**
 * A request body that is not UTF-8 (a dialplan upload, {@code POST /api/admin/dialplan}, whose file
 * text was pasted from a GBK editor) is a 400 {@code not-utf8} saying where, not a bare
 * {@code malformed-json}.
 */
class JsonBodyEncodingTest {
    @Test
    void aGbkBodyIsRefusedAsNotUtf8SayingWhere() {
        byte[] gbk = "{\"files\": {\"extensions.conf\": \"; 企业来电\"}}".getBytes(Charset.forName("GBK"));
        CtiException e = catchThrowableOfType(CtiException.class, () -> Json.tree(gbk));
        assertThat(e.id()).isEqualTo("not-utf8");
        assertThat(ErrorId.NOT_UTF8.httpStatus()).isEqualTo(400);
        assertThat(e)
                .hasMessageStartingWith("request body is not UTF-8 text at line 1, column ")
                .hasMessageContaining("Invalid UTF-8")
                .hasMessageEndingWith("JSON is sent as UTF-8: convert the text (e.g. from GBK) first");
    }

    @Test
    void theSameTextInUtf8IsRead() {
        byte[] utf8 = "{\"files\": {\"extensions.conf\": \"; 企业来电\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.tree(utf8).at("/files/extensions.conf").asText()).isEqualTo("; 企业来电");
    }
}
