package org.hotline.cti.config;

import com.fasterxml.jackson.databind.JsonNode;
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
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader yaml = new YamlReader(file.toString(), problems);
        JsonNode root = yaml.read(file);
        List<KbEntry> out = new ArrayList<>();
        List<JsonNode> nodes = yaml.list(root, "entries", "entries", false);
        for (int i = 0; i < nodes.size(); i++) {
            String key = "entries[" + i + "]";
            JsonNode n = nodes.get(i);
            List<PolicyDocument> docs = new ArrayList<>();
            List<JsonNode> docNodes = yaml.list(n, "documents", key + ".documents", false);
            for (int j = 0; j < docNodes.size(); j++) {
                String dk = key + ".documents[" + j + "]";
                JsonNode d = docNodes.get(j);
                LocalDate expires = d.has("expires") ? yaml.date(d, "expires", dk + ".expires") : null;
                try {
                    docs.add(new PolicyDocument(
                            yaml.optionalText(d, "title", dk + ".title", ""),
                            yaml.optionalText(d, "issuer", dk + ".issuer", ""),
                            yaml.optionalText(d, "number", dk + ".number", ""),
                            yaml.date(d, "effective", dk + ".effective"),
                            expires,
                            yaml.optionalText(d, "link", dk + ".link", ""),
                            yaml.optionalText(d, "text", dk + ".text", "")));
                } catch (CtiException e) {
                    yaml.problem(dk, e.getMessage());
                }
            }
            try {
                out.add(new KbEntry(
                        0,
                        yaml.optionalText(n, "department", key + ".department", ""),
                        yaml.optionalText(n, "matter", key + ".matter", ""),
                        yaml.optionalText(n, "title", key + ".title", ""),
                        yaml.optionalText(n, "script", key + ".script", ""),
                        docs,
                        "kb.yaml",
                        now));
            } catch (CtiException e) {
                yaml.problem(key, e.getMessage());
            }
        }
        YamlReader.throwIfAny(problems);
        return out;
    }
}
