package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.rotation.Surveys;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.domain.rotation.Survey;
import org.hotline.cti.domain.rotation.SurveyAnswer;

/**
 * R7 business-environment surveys during rotation sessions (docs/rotation.md): the questions
 * (config/survey.yaml), one entity's answers, and the session's answers with the work orders that
 * items left for follow-up became.
 */
public final class SurveyApi {
    private final Surveys surveys;
    private final Supplier<ZoneId> zone;
    private final Clock clock;

    public SurveyApi(Surveys surveys, Supplier<ZoneId> zone, Clock clock) {
        this.surveys = surveys;
        this.zone = zone;
        this.clock = clock;
    }

    public void register(Router r) {
        r.get("/api/rotation/survey", Role.DEPARTMENT, req -> HttpResponse.json(view(surveys.survey())));
        r.post("/api/rotation/current/surveys", Role.DEPARTMENT, req -> {
            JsonNode b = RotationApi.body(req);
            Session who = req.session();
            JsonNode list = b.path("answers");
            if (!list.isArray()) {
                throw new CtiException(
                        ErrorId.BAD_ANSWER, "answers: a list of {question, answer} or {question, followUp}");
            }
            List<Surveys.Item> items = new ArrayList<>();
            list.forEach(n -> items.add(new Surveys.Item(
                    RotationApi.optional(n, "question"),
                    RotationApi.optional(n, "answer"),
                    RotationApi.optional(n, "followUp"))));
            Surveys.Result res = surveys.submit(
                    RotationApi.optional(b, "entity"),
                    RotationApi.optional(b, "creditCode"),
                    RotationApi.optional(b, "phone"),
                    items,
                    WorkOrderService.actor(who),
                    RotationApi.departmentOf(who, b));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("answers", res.answers().stream().map(SurveyApi::answer).toList());
            m.put(
                    "workOrders",
                    res.orders().stream()
                            .map(o -> Map.of(
                                    "id",
                                    o.ref(),
                                    "department",
                                    o.department(),
                                    "kind",
                                    o.kind().wireName()))
                            .toList());
            m.put("served", res.session().servedCount());
            return HttpResponse.json(m);
        });
        r.get("/api/rotation/surveys", Role.DEPARTMENT, req -> {
            LocalDate date = Days.parse(req.param("date"), zone.get(), clock);
            Session who = req.session();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", date.toString());
            m.put(
                    "answers",
                    surveys.answers(date).stream()
                            .filter(a -> who.role() != Role.DEPARTMENT
                                    || who.department().equals(a.department()))
                            .map(SurveyApi::answer)
                            .toList());
            return HttpResponse.json(m);
        });
    }

    static Map<String, Object> view(Survey s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", s.title());
        m.put(
                "questions",
                s.questions().stream()
                        .map(q -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("id", q.id());
                            x.put("text", q.text());
                            x.put("type", q.type().name().toLowerCase(java.util.Locale.ROOT));
                            x.put("options", q.options());
                            x.put("followUpDepartment", q.department());
                            x.put("followUpKind", q.kind().wireName());
                            return x;
                        })
                        .toList());
        return m;
    }

    static Map<String, Object> answer(SurveyAnswer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("date", a.session().toString());
        m.put("entity", a.entity().name());
        m.put("creditCode", a.entity().creditCode());
        m.put("phone", a.phone());
        m.put("question", a.questionId());
        m.put("questionText", a.question());
        m.put("answer", a.answer());
        m.put("followUp", a.followUp());
        m.put("workOrder", a.workOrderId() == null ? null : "WO" + a.workOrderId());
        m.put("by", a.by());
        m.put("department", a.department());
        m.put("at", a.at().toString());
        return m;
    }
}
