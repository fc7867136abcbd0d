package org.hotline.cti.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hotline.cti.CtiException;
import org.junit.jupiter.api.Test;

/** The CLI's --server URL may carry a password ({@code http://admin:pw@host}): its messages never show it. */
class ApiClientSecretsTest {
    // The password is read from a variable this test cannot set; PATH is set everywhere.
    private static final String ANY_SET_VARIABLE = "PATH";

    @Test
    void anUnreachableServerIsNamedWithoutThePasswordInItsUrl() {
        assertThatThrownBy(() -> new ApiClient("http://admin:s3cret@127.0.0.1:1", "admin", ANY_SET_VARIABLE))
                .isInstanceOf(CtiException.class)
                .hasMessageStartingWith("cannot reach the CTI server at http://admin:<masked>@127.0.0.1:1 ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aServerUrlThatIsNotAUrlIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> new ApiClient("http://admin:s3 cret@127.0.0.1:1", "admin", ANY_SET_VARIABLE))
                .isInstanceOf(CtiException.class)
                .hasMessage("--server is not a URL: http://admin:<masked>@127.0.0.1:1")
                .hasMessageNotContaining("s3");
    }

    @Test
    void aServerUrlThatIsNotHttpOrHasAQueryIsABadOptionNotAStackTrace() {
        for (String server : java.util.List.of(
                "ftp://127.0.0.1:8080", "localhost:8080", "http:///api", "http://127.0.0.1:8080/?token=abc")) {
            assertThatThrownBy(() -> new ApiClient(server, "admin", ANY_SET_VARIABLE))
                    .as(server)
                    .isInstanceOf(CtiException.class)
                    .hasMessageStartingWith("--server ")
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((CtiException) e).error())
                            .isEqualTo(org.hotline.cti.ErrorId.BAD_OPTION));
        }
        assertThatThrownBy(() -> new ApiClient("ftp://admin:s3cret@x", "admin", ANY_SET_VARIABLE))
                .hasMessageNotContaining("s3cret");
    }
}
