package org.hotline.cti;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The one table of error ids: stable kebab-case ids, each once, each with a status an HTTP client understands. */
class ErrorIdTest {

    @Test
    void everyIdIsKebabCaseAndNamedAfterItsConstant() {
        for (ErrorId e : ErrorId.values()) {
            assertThat(e.id()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(e.name())
                    .isEqualTo(e.id().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    @Test
    void idsAreUniqueAndReadBackFromTheWire() {
        assertThat(Arrays.stream(ErrorId.values()).map(ErrorId::id).distinct().count())
                .isEqualTo(ErrorId.values().length);
        assertThat(ErrorId.fromWire("store-failed")).contains(ErrorId.STORE_FAILED);
        assertThat(ErrorId.fromWire("no-such-thing-ever")).isEmpty();
    }

    @Test
    void statusesSayWhoseFaultItIs() {
        assertThat(ErrorId.STORE_FAILED.httpStatus()).isEqualTo(500);
        assertThat(ErrorId.UNAUTHORIZED.httpStatus()).isEqualTo(401);
        assertThat(ErrorId.NOT_YOUR_CALL.httpStatus()).isEqualTo(403);
        assertThat(ErrorId.CALLBACK_CLOSED.httpStatus()).isEqualTo(409);
        assertThat(ErrorId.AMI_DISCONNECTED.httpStatus()).isEqualTo(503);
        assertThat(ErrorId.UNKNOWN_MATTER.httpStatus()).isEqualTo(400);
        // Nothing by that id is a 404, whatever the resource.
        Arrays.stream(ErrorId.values())
                .filter(e -> e.id().startsWith("no-such-"))
                .forEach(e -> assertThat(e.httpStatus()).as(e.id()).isEqualTo(404));
        Arrays.stream(ErrorId.values())
                .forEach(e -> assertThat(e.httpStatus()).as(e.id()).isBetween(400, 599));
    }
}
