package org.hotline.cti.ami;

import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.DialplanPbx;

/**
 * Dialplan administration over AMI without the {@code command} write class (issue 11 item 11:
 * {@code command} lets an AMI user add {@code System()} to the running dialplan and originate into
 * it). {@code Reload Module=pbx_config} needs {@code system} (already granted for DBPut),
 * {@code ShowDialPlan} needs {@code reporting}. The AMI replies are read here so no Asterisk
 * text leaves the adapter.
 */
public final class AmiDialplanPbx implements DialplanPbx {
    private final AmiClient client;

    public AmiDialplanPbx(AmiClient client) {
        this.client = client;
    }

    @Override
    public boolean reachable() {
        return client.isConnected();
    }

    @Override
    public void reload() {
        AmiResponse r = ask("Reload", "Module", "pbx_config");
        // ast_module_reload refuses while another reload runs; the message is all we get back.
        if (!r.success()) {
            throw new CtiException(
                    ErrorId.DIALPLAN_RELOAD_FAILED, "the PBX did not reload the dialplan: " + r.message());
        }
    }

    @Override
    public OptionalInt priorities(String context) {
        AmiResponse r = ask("ShowDialPlan", "Context", context);
        if (!r.success()) {
            return OptionalInt.empty(); // "Did not find context …"
        }
        return OptionalInt.of((int) r.events().stream()
                .filter(e -> "ListDialplan".equals(e.event()) && context.equals(e.get("Context")))
                .count());
    }

    @Override
    public boolean answers(String context, String number) {
        AmiResponse r = ask("ShowDialPlan", "Context", context, "Extension", number);
        return r.success() && r.events().stream().anyMatch(e -> "ListDialplan".equals(e.event()));
    }

    private AmiResponse ask(String action, String... keyValues) {
        try {
            return client.send(action, keyValues).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CtiException c) {
                throw c;
            }
            throw new CtiException(ErrorId.PBX_COMMAND_FAILED, action + " got no answer from the PBX: " + cause, cause);
        }
    }
}
