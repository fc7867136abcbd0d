package org.hotline.cti.agi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.hotline.cti.app.arrival.ArrivalService;
import org.junit.jupiter.api.Test;

/** What the arrival tells Asterisk: the few SET VARIABLE commands, which are the whole contract with the dialplan. */
class ArrivalScriptTest {

    @Test
    void aRepeatCallerGetsTheEnterpriseNameAndR11Priority() {
        ArrivalScript script = new ArrivalScript(new ArrivalService(n -> Optional.of("双鸭山青禾农业科技有限公司"), n -> true));
        assertThat(script.commands("13800000001"))
                .containsExactly(
                        "SET VARIABLE \"CALLERID(name)\" \"双鸭山青禾农业科技有限公司\"\n",
                        "SET VARIABLE \"QUEUE_PRIO\" \"" + ArrivalService.CALLBACK_PENDING_PRIORITY + "\"\n",
                        "SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"1\"\n");
    }

    @Test
    void aFirstTimeCallerKeepsTheCallerIdAndTheDefaultPriority() {
        ArrivalScript script = new ArrivalScript(new ArrivalService(n -> Optional.empty(), n -> false));
        assertThat(script.commands("13900000000")).containsExactly("SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"0\"\n");
        assertThat(script.commands(null)).containsExactly("SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"0\"\n");
    }

    @Test
    void aFailingLookupLetsTheCallQueueUnchanged() {
        ArrivalScript script = new ArrivalScript(new ArrivalService(
                n -> {
                    throw new IllegalStateException("database down");
                },
                n -> true));
        assertThat(script.commands("13800000001")).containsExactly("SET VARIABLE \"HOTLINE_CALLBACK_PENDING\" \"0\"\n");
    }

    @Test
    void aNameTypedWithQuotesOrALineBreakStaysOneCommand() {
        // An agent types the enterprise at wrap-up: a line break would end SET VARIABLE and start
        // a command of the caller's choosing (EXEC runs any dialplan application).
        ArrivalScript script =
                new ArrivalScript(new ArrivalService(n -> Optional.of("青禾\"公司\\\r\nEXEC System \"id\""), n -> false));
        assertThat(script.commands("13800000001").get(0))
                .isEqualTo("SET VARIABLE \"CALLERID(name)\" \"青禾\\\"公司\\\\EXEC System \\\"id\\\"\"\n");
    }
}
