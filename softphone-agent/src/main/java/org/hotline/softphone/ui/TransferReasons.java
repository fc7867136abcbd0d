package org.hotline.softphone.ui;

import java.util.Map;
import org.hotline.softphone.cti.CreatedWorkOrder;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.TransferView;

/** Chinese text for transfer states and for the server's refusals (R1, R2, R3, R10). */
final class TransferReasons {

    private TransferReasons() {}

    /** Why Transfer is disabled before trying, or null if it may be tried. */
    static String before(boolean callActive, boolean ctiConnected, KbEntry matter, boolean busy) {
        if (!ctiConnected) {
            return "CTI 未连接，不能转接";
        }
        if (!callActive) {
            return "当前没有通话";
        }
        if (matter == null) {
            return "请先选择事项";
        }
        if (!matter.threeWay()) {
            return "非三方通话事项：请按知识库口径直接答复（R3）";
        }
        if (busy) {
            return "转接进行中…";
        }
        return null;
    }

    /** The server's refusal of a transfer, as the agent should read it. */
    static String refused(CtiException e) {
        return switch (e.code()) {
            case "outside-working-hours" ->
                "非工作时间：已生成次紧急工单" + workOrder(e.details()) + "，部门须于" + due(e.details()) + " 前联系企业（R2）";
            case "threeway-budget-exhausted" -> "今日三方通话已达上限（日话务量的 4%，R10），请转工单或由值班长批准";
            case "unknown-matter" -> "事项不在三方通话清单中：" + e.getMessage();
            case "not-three-way" -> "非三方通话事项，请按知识库答复：" + e.getMessage();
            case "transfer-in-progress" -> "该通话已有转接在进行";
            case "override-reason-required" -> "值班长批准须填写理由";
            case "override-needs-supervisor" -> "只有值班长本人登录后才能批准超出上限的转接（R10）";
            case "call-not-answered" -> "通话尚未接通";
            case "ami-disconnected" -> "交换机连接中断，暂不能转接";
            default -> e.code() + "：" + e.getMessage();
        };
    }

    /** R10: the day's three-way budget is spent (the reason line; the next line says what to do). */
    static final String BUDGET = "今日三方通话已达上限（日话务量的 4%，R10）";

    /** What to do past the budget: a supervisor approves here, an agent asks a duty supervisor. */
    static String budgetExhausted(boolean supervisor) {
        return supervisor ? "如确需转接，请点击“值班长批准”并填写理由" : "须经值班长批准方可转接：请联系值班长，或转工单";
    }

    /** Refusals that hold for the rest of this call (the button stays disabled). */
    static boolean sticky(String code) {
        return switch (code) {
            case "outside-working-hours", "threeway-budget-exhausted", "unknown-matter", "not-three-way" -> true;
            default -> false;
        };
    }

    static String progress(TransferView t) {
        String who = t.departmentName() == null ? "" : t.departmentName();
        return switch (t.state() == null ? "" : t.state()) {
            case "requested" -> "已发起转接：" + who;
            case "ringing" -> "正在呼叫" + who + "政策专员…";
            case "connected" -> "三方通话已接通（" + who + "）";
            case "failed" -> "转接失败：" + cause(t.cause()) + (t.workOrderId() != null ? "，已生成工单 " + t.workOrderId() : "");
            default -> t.state();
        };
    }

    static String cause(String cause) {
        if (cause == null) {
            return "未知原因";
        }
        return switch (cause) {
            case "no-answer" -> "无人接听";
            case "busy" -> "占线";
            case "congestion" -> "线路拥塞";
            case "unavailable" -> "号码不可用";
            case "rejected" -> "被拒接";
            case "timeout" -> "超时";
            case "caller-gone" -> "来电方已挂机";
            default -> cause;
        };
    }

    /** The off-hours order the server made (R2), for the work-order form's result line. */
    static String offHoursOrder(CtiException e) {
        return "已生成次紧急工单" + workOrder(e.details()) + "，须于" + due(e.details()) + " 前联系企业";
    }

    /** "，期限 今日 09:00" after a created order, from the server's wording or its due instant; else "". */
    static String due(CreatedWorkOrder o) {
        if (o.dueText() != null && !o.dueText().isBlank()) {
            return "，期限 " + o.dueText();
        }
        if (o.dueAt() != null) {
            try {
                return "，期限 "
                        + java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm")
                                .format(java.time.Instant.parse(o.dueAt())
                                        .atZone(java.time.ZoneId.of("Asia/Shanghai")));
            } catch (java.time.format.DateTimeParseException ignored) {
                return "";
            }
        }
        return "";
    }

    /** R2: the server's wording of the due morning (今日 09:00 / 次日… / the date), else the rule's. */
    private static String due(Map<String, Object> details) {
        Object text = details.get("dueText");
        return text instanceof String s && !s.isBlank() ? s : "下一工作日 09:00";
    }

    private static String workOrder(Map<String, Object> details) {
        Object wo = details.get("workOrder");
        if (wo instanceof Map<?, ?> m && m.get("id") != null) {
            return " " + m.get("id");
        }
        return details.get("workOrderId") != null ? " " + details.get("workOrderId") : "";
    }
}
