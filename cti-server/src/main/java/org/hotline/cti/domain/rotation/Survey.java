package org.hotline.cti.domain.rotation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.cti.domain.workorder.WorkOrderKind;

/**
 * R7: the business-environment survey (营商环境问卷) put to market entities during rotation
 * sessions, from config/survey.yaml. An item that cannot be answered at once becomes a work order to
 * the question's department, of its kind (which sets the deadline).
 */
public record Survey(String title, List<Question> questions) {
    public static final Survey NONE = new Survey("营商环境问卷", List.of());

    public Survey {
        Objects.requireNonNull(title, "title");
        questions = List.copyOf(questions);
    }

    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    public enum Type {
        CHOICE,
        TEXT
    }

    /** One question; {@code options} for a choice; follow-ups go to {@code department} as {@code kind}. */
    public record Question(
            String id, String text, Type type, List<String> options, String department, WorkOrderKind kind) {
        public Question {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(department, "department");
            Objects.requireNonNull(kind, "kind");
            options = List.copyOf(options);
            if (type == Type.CHOICE && options.isEmpty()) {
                throw new IllegalArgumentException("a choice question needs options");
            }
        }

        /** Null when {@code answer} answers this question, else why not. */
        public String check(String answer) {
            if (answer == null || answer.isBlank()) {
                return "no answer";
            }
            if (answer.length() > 1000) {
                return "the answer is longer than 1000 characters";
            }
            if (type == Type.CHOICE && !options.contains(answer.strip())) {
                return "'" + answer + "' is not one of " + String.join("、", options);
            }
            return null;
        }
    }
}
