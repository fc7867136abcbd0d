package org.hotline.cti.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.domain.kb.KbEntry;
import org.hotline.cti.domain.kb.PolicyDocument;

/**
 * Reads {@code config/kb.yaml}, the knowledge base an empty database starts with (R3). Every problem
 * is reported as {@code file: key: reason}; a missing file is an empty seed.
 */
public final class KbSeedLoader {
    private KbSeedLoader() {}

    public static List<KbEntry> load(Path file, Instant now) {
        if (!Files.exists(file)) {
            return List.of();
        }
        ConfigNode root = ConfigNode.read(file, new ArrayList<>());
        List<KbEntry> out = new ArrayList<>();
        for (ConfigNode n : root.list("entries")) {
            List<PolicyDocument> docs = new ArrayList<>();
            for (ConfigNode d : n.list("documents")) {
                LocalDate expires = d.has("expires") ? d.date("expires") : null;
                try {
                    docs.add(new PolicyDocument(
                            d.optionalText("title", ""),
                            d.optionalText("issuer", ""),
                            d.optionalText("number", ""),
                            d.date("effective"),
                            expires,
                            d.optionalText("link", ""),
                            d.optionalText("text", "")));
                } catch (CtiException e) {
                    d.problem("", e.getMessage());
                }
            }
            try {
                out.add(new KbEntry(
                        0,
                        n.optionalText("department", ""),
                        n.optionalText("matter", ""),
                        n.optionalText("title", ""),
                        n.optionalText("script", ""),
                        docs,
                        "kb.yaml",
                        now));
            } catch (CtiException e) {
                n.problem("", e.getMessage());
            }
        }
        root.reportUnknownKeys();
        root.throwIfProblems();
        return out;
    }
}
