package org.hotline.cti.ami;

import org.hotline.cti.CtiException;
import org.hotline.cti.app.port.DialplanPbx;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dialplan administration over AMI {@code Command} actions (needs the {@code command} write class
 * in manager.conf): {@code dialplan reload} and {@code dialplan show}. The CLI output is parsed
 * here so no Asterisk text leaves the adapter.
 */
public final class AmiDialplanPbx implements DialplanPbx {
    /** {@code -= 4 extensions (8 priorities) in 1 context. =-} */
    private static final Pattern SUMMARY = Pattern.compile("-= (\\d+) extensions? \\((\\d+) priorit(?:y|ies)\\) in (\\d+) contexts?\\. =-");

    private final AmiClient client;

    public AmiDialplanPbx(AmiClient client) {
        this.client = client;
    }

    @Override
    public void reload() {
        List<String> out = command("dialplan reload");
        String text = String.join("\n", out);
        // ast_module_reload refuses while another reload runs; the text is all we get back.
        if (text.contains("didn't finish") || text.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            throw new CtiException("dialplan-reload-failed", "the PBX did not reload the dialplan: " + text);
        }
    }

    @Override
    public OptionalInt priorities(String context) {
        List<String> out = command("dialplan show " + context);
        if (!out.stream().anyMatch(l -> l.contains("[ Context '" + context + "'"))) {
            return OptionalInt.empty();
        }
        return summary(out).map(m -> OptionalInt.of(Integer.parseInt(m.group(2)))).orElse(OptionalInt.empty());
    }

    @Override
    public boolean answers(String context, String number) {
        return summary(command("dialplan show " + number + "@" + context)).map(m -> Integer.parseInt(m.group(1)) > 0).orElse(false);
    }

    static java.util.Optional<Matcher> summary(List<String> out) {
        for (String line : out) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    private List<String> command(String command) {
        try {
            AmiResponse r = client.send("Command", "Command", command).join();
            List<String> out = r.response().getAll("Output");
            // "dialplan show" of a context or extension that does not exist answers Error with its
            // explanation as output: that is an answer, not a failure to ask.
            if (!r.success() && out.isEmpty()) {
                throw new CtiException("pbx-command-failed", "PBX refused '" + command + "': " + r.message());
            }
            return out;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CtiException c) {
                throw c;
            }
            throw new CtiException("pbx-command-failed", "'" + command + "' got no answer from the PBX: " + cause, cause);
        }
    }
}
