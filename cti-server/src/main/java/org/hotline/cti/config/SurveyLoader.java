package org.hotline.cti.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.hotline.cti.domain.rotation.Survey;
import org.hotline.cti.domain.workorder.WorkOrderKind;

/**
 * Reads {@code config/survey.yaml}, the business-environment survey (R7). Every problem is reported
 * as {@code file: key: reason}; a missing file is a survey without questions.
 */
public final class SurveyLoader {
    private SurveyLoader() {}

    /** {@code department} says whether a department code exists (departments.yaml). */
    public static Survey load(Path file, Predicate<String> department) {
        if (!Files.exists(file)) {
            return Survey.NONE;
        }
        ConfigNode root = ConfigNode.read(file, new ArrayList<>());
        ConfigNode s = root.child("survey");
        String title = s.optionalText("title", "营商环境问卷");
        String fallback = s.optionalText("followUpDepartment", "yingshang");
        List<Survey.Question> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode q : s.list("questions", true)) {
            String id = q.requiredText("id");
            if (id != null && !id.matches("[A-Za-z0-9-]{1,40}")) {
                q.problem("id", "'" + id + "' must be 1-40 letters, digits or hyphens");
            } else if (id != null && !ids.add(id)) {
                q.problem("id", "'" + id + "' is used twice");
            }
            String text = q.requiredText("text");
            String type = q.optionalText("type", "choice");
            Survey.Type t = "text".equals(type) ? Survey.Type.TEXT : Survey.Type.CHOICE;
            if (type != null && !"text".equals(type) && !"choice".equals(type)) {
                q.problem("type", "'" + type + "' must be choice or text");
            }
            q.known("options"); // a text question has none to give
            List<String> options = t == Survey.Type.CHOICE ? q.texts("options", true) : List.of();
            String dept = q.optionalText("department", fallback);
            if (dept != null && !department.test(dept)) {
                q.problem("department", "'" + dept + "' is not a department in departments.yaml");
            }
            String kind = q.optionalText("kind", "help");
            WorkOrderKind k = kind == null
                    ? null
                    : WorkOrderKind.fromWire(kind.toLowerCase(Locale.ROOT))
                            .filter(x -> x != WorkOrderKind.OFF_HOURS_URGENT)
                            .orElse(null);
            if (kind != null && k == null) {
                q.problem("kind", "'" + kind + "' must be consultation, help, suggestion, complaint or report");
            }
            if (id != null
                    && text != null
                    && dept != null
                    && k != null
                    && !(t == Survey.Type.CHOICE && options.isEmpty())) {
                questions.add(new Survey.Question(id, text, t, options, dept, k));
            }
        }
        root.reportUnknownKeys();
        root.throwIfProblems();
        return new Survey(title, questions);
    }
}
