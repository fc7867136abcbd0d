package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.cti.app.auth.Role;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static ServerConfig parse(String yaml, Map<String, String> env) {
        return ServerConfig.from(ConfigNode.parse("cti.yaml", yaml, ConfigNode.envOf(env)), Path.of("config"));
    }

    @Test
    void theShippedReferenceFileLoadsWithItsEnvironmentVariables() {
        ServerConfig c = ServerConfig.from(
                ConfigNode.load(
                        Path.of("../config/cti.yaml"),
                        ConfigNode.envOf(Map.of(
                                "CTI_AMI_SECRET",
                                "s3cret",
                                "CTI_ADMIN_PASSWORD",
                                "a",
                                "CTI_SUPERVISOR_PASSWORD",
                                "b"))),
                Path.of("config"));
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.ami().settings().keepAlive()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.ami().settings().reconnectMin()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.ami().inboundContexts()).containsExactly("from-enterprise");
        assertThat(c.users()).extracting(u -> u.role()).containsExactly(Role.ADMIN, Role.SUPERVISOR);
        assertThat(c.ami().settings().toString()).doesNotContain("s3cret");
        assertThat(c.users().toString()).doesNotContain("pbkdf2");
        assertThat(c.rules().deskStaffed()).hasToString("around-the-clock"); // R2: the 12345 desk answers day and night
    }

    @Test
    void errorsNameTheFileTheKeyAndTheReason() {
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x, port: 0}", Map.of()))
                .hasMessage("cti.yaml: ami.port: must be 1..65535, was 0");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x, keepAlive: 10}", Map.of()))
                .hasMessageContaining("cti.yaml: ami.keepAlive: must be a duration with a unit");
        assertThatThrownBy(() -> parse("ami: {username: cti}", Map.of()))
                .hasMessage("cti.yaml: ami.secret: is required");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\nhotline: {zone: Mars/Base}", Map.of()))
                .hasMessage("cti.yaml: hotline.zone: unknown time zone 'Mars/Base'");
        assertThatThrownBy(() ->
                        parse("ami: {username: cti, secret: x}\nusers: [{name: a, role: boss, password: p}]", Map.of()))
                .hasMessage("cti.yaml: users[0].role: must be agent, supervisor, admin or department");
        // A department user acts for one department only (R13-R16): it must say which.
        assertThatThrownBy(() -> parse(
                        "ami: {username: cti, secret: x}\nusers: [{name: tax, role: department, password: p}]",
                        Map.of()))
                .hasMessageContaining("users[0].department");
        assertThat(parse(
                                "ami: {username: cti, secret: x}\nusers: [{name: tax, role: department, department: tax, password: p}]",
                                Map.of())
                        .users()
                        .get(0)
                        .department())
                .isEqualTo("tax");
        assertThatThrownBy(() -> parse("ami: [1, 2", Map.of()))
                .hasMessageContaining("cti.yaml: line")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: '${NOPE}'}", Map.of()))
                .hasMessage("cti.yaml: ami.secret: refers to environment variable NOPE, which is not set");
    }

    /** Issue 14 item 5: active/standby is off by default and needs PostgreSQL. */
    @Test
    void activeStandbyIsOffByDefaultAndRefusedOnH2() {
        assertThat(parse("ami: {username: cti, secret: x}", Map.of()).ha().enabled())
                .isFalse();
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\nha: {enabled: true}", Map.of()))
                .hasMessageContaining("cti.yaml: ha.enabled: active/standby needs PostgreSQL");
        ServerConfig pg = parse(
                "ami: {username: cti, secret: x}\ndatabase: {url: 'jdbc:postgresql://127.0.0.1/cti'}\n"
                        + "ha: {enabled: true}",
                Map.of());
        assertThat(pg.ha().enabled()).isTrue();
        assertThat(pg.ha().retryEvery()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> parse(
                        "ami: {username: cti, secret: x}\ndatabase: {url: 'jdbc:postgresql://127.0.0.1/cti'}\n"
                                + "ha: {enabled: true, retryEvery: 10 seconds}",
                        Map.of()))
                .hasMessageContaining("ha.retryEvery");
    }

    @Test
    void defaultsAreLoopbackAndH2() {
        ServerConfig c = parse("ami: {username: cti, secret: '${S:-dev}'}", Map.of());
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.database().url()).startsWith("jdbc:h2:file:");
        assertThat(c.ami().settings().secret()).isEqualTo("dev");
    }

    @Test
    void callWritesLingerHalfASecondUnlessConfiguredAndAtMostFiveSeconds() {
        // Issue 14: the group commit's linger is what a SIGKILL can lose; bounded so it stays small.
        assertThat(parse("ami: {username: cti, secret: x}", Map.of()).database().commitLinger())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(parse("ami: {username: cti, secret: x}\ndatabase: {commitLinger: 0 ms}", Map.of())
                        .database()
                        .commitLinger())
                .isZero();
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\ndatabase: {commitLinger: 10 s}", Map.of()))
                .hasMessageContaining("cti.yaml: database.commitLinger: must be at most 5000 ms, was 10000 ms");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\ndatabase: {commitLinger: 250}", Map.of()))
                .hasMessageContaining("database.commitLinger");
    }

    @Test
    void theDeskIsStaffedAroundTheClockUnlessTheOperatorSaysOtherwise() {
        // R2: the departments' working time does not close the 12345 desk.
        assertThat(parse("ami: {username: cti, secret: x}", Map.of()).rules().deskStaffed())
                .isEqualTo(org.hotline.cti.domain.calendar.DeskStaffing.AROUND_THE_CLOCK);
        assertThat(parse("ami: {username: cti, secret: x}\nhotline: {deskStaffed: working-time}", Map.of())
                        .rules()
                        .deskStaffed())
                .hasToString("working-time");
        assertThat(parse("ami: {username: cti, secret: x}\nhotline: {deskStaffed: '07:00-23:00'}", Map.of())
                        .rules()
                        .deskStaffed())
                .hasToString("07:00-23:00");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\nhotline: {deskStaffed: nights}", Map.of()))
                .hasMessageStartingWith(
                        "cti.yaml: hotline.deskStaffed: must be around-the-clock, working-time or daily hours");
        assertThatThrownBy(() -> parse("ami: {username: cti, secret: x}\nhotline: {manageDeskMode: true}", Map.of()))
                .hasMessageStartingWith("cti.yaml: hotline.manageDeskMode: was replaced by deskStaffed");
    }
}
