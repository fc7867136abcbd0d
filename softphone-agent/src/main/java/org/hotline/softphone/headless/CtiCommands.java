package org.hotline.softphone.headless;

import java.net.URI;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hotline.softphone.cti.AgentSession;
import org.hotline.softphone.cti.CreatedWorkOrder;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.DeskApi;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.RestDeskApi;
import org.hotline.softphone.cti.RotationView;
import org.hotline.softphone.cti.TransferView;

/**
 * The headless runner's CTI verbs and event lines. Commands: {@code cti-login},
 * {@code ready on|off}, {@code transfer MATTER}, {@code cti-hangup},
 * {@code wrapup MATTER|- direct|transferred|work-order [NOTE…]} or {@code wrapup MATTER unanswered QUESTION…}
 * (未能解答: the question goes to the matter's department, R9),
 * {@code workorder KIND DEPARTMENT MATTER|- DESCRIPTION…} (KIND: consultation, help, suggestion,
 * complaint, report, off-hours-urgent), {@code kb [QUERY]}. They act on the call
 * the CTI last offered (its CTI call id, not the SIP Call-ID). R4 rotation duty, as the window's
 * 轮值签到 tab does it over the server's HTTP API: {@code rotation} (the session in progress or the
 * next one, and who is on duty) and {@code rotation-sign-in SPECIALIST} (a specialist on the
 * session's duty signs in at this desk).
 */
final class CtiCommands {

    private final CtiClient cti;
    private final CtiLogin login;
    private final Consumer<String> out;
    private final Function<URI, DeskApi> desks;
    private DeskApi desk;
    private volatile String callId;

    CtiCommands(CtiClient cti, CtiLogin login, Consumer<String> out) {
        this(cti, login, out, RestDeskApi::new);
    }

    /** {@code desks}: the server's HTTP API for a base URL (tests give a fake). */
    CtiCommands(CtiClient cti, CtiLogin login, Consumer<String> out, Function<URI, DeskApi> desks) {
        this.cti = cti;
        this.login = login;
        this.out = out;
        this.desks = desks;
    }

    /** True if the verb is a CTI command (it ran, or threw CtiException). */
    boolean execute(String verb, String[] words) {
        switch (verb) {
            case "cti-login" -> {
                AgentSession s = cti.connect(login).join();
                out.accept("event=cti-login agent=" + s.agent() + " role=" + s.role() + " extension=" + s.extension()
                        + " ready=" + s.ready());
            }
            case "ready" -> {
                boolean on = words.length < 2 || !words[1].equalsIgnoreCase("off");
                out.accept("event=ready ready=" + cti.setReady(on).join());
            }
            case "transfer" -> {
                TransferView t = cti.transfer(call(), argument(words, 1, verb)).join();
                out.accept("event=transfer-requested" + transfer(t));
            }
            case "cti-hangup" -> cti.hangup(call()).join();
            case "wrapup" -> {
                String matter = argument(words, 1, verb);
                String resolution = argument(words, 2, verb);
                String note = words.length > 3 ? String.join(" ", Arrays.copyOfRange(words, 3, words.length)) : null;
                if (resolution.equals("unanswered")) {
                    // R9: 未能解答 — the rest of the line is the caller's question, for the matter's department.
                    cti.wrapupUnanswered(call(), matter.equals("-") ? null : matter, null, note, null, null)
                            .join();
                } else {
                    cti.wrapup(call(), matter.equals("-") ? null : matter, resolution, note)
                            .join();
                }
                out.accept("event=wrapped-up call=" + callId + " resolution=" + resolution);
            }
            case "workorder" -> {
                String kind = argument(words, 1, verb);
                String dept = argument(words, 2, verb);
                String matter = argument(words, 3, verb);
                String text = words.length > 4 ? String.join(" ", Arrays.copyOfRange(words, 4, words.length)) : "";
                CreatedWorkOrder o = cti.createWorkOrder(callId, dept, kind, matter.equals("-") ? null : matter, text)
                        .join();
                out.accept("event=work-order id=" + o.id() + " kind=" + kind + " department=" + dept
                        + (o.dueText() != null ? " due=" + EventFormat.quote(o.dueText()) : ""));
            }
            case "kb" -> {
                String q = words.length > 1 ? String.join(" ", Arrays.copyOfRange(words, 1, words.length)) : "";
                for (KbEntry k : cti.searchKb(q).join()) {
                    out.accept("event=kb code=" + k.code() + " name=" + EventFormat.quote(k.name())
                            + " department=" + k.department() + " three-way=" + k.threeWay()
                            + " answer=" + EventFormat.quote(k.answer()));
                }
            }
            case "rotation" -> out.accept("event=rotation" + rotation(desk().rotation()));
            case "rotation-sign-in" -> {
                // R4: names may hold spaces; the rest of the line is the specialist's name.
                argument(words, 1, verb);
                String specialist = String.join(" ", Arrays.copyOfRange(words, 1, words.length));
                RotationView s = desk().rotationSignIn(specialist);
                out.accept("event=rotation-signed-in specialist=" + EventFormat.quote(specialist) + rotation(s));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The server's HTTP API, logged in with the CTI login's agent and password on first use. */
    private synchronized DeskApi desk() {
        if (desk == null) {
            DeskApi d = desks.apply(login.server());
            d.login(login.agent(), login.password());
            desk = d;
        }
        return desk;
    }

    private static String rotation(RotationView s) {
        if (s == null) {
            return " session=none";
        }
        StringBuilder b = new StringBuilder(" date=" + s.date() + " in-progress=" + s.inProgress() + " served="
                + s.served() + "/" + s.target() + " signed-in=" + s.signedIn());
        for (RotationView.OnDuty d : s.onDuty()) {
            b.append(" on-duty=")
                    .append(EventFormat.quote(
                            d.specialist() + "/" + d.department() + (d.signedIn() ? "/signed-in" : "")));
        }
        return b.toString();
    }

    private String call() {
        String c = callId;
        if (c == null) {
            throw new CtiException("no-call", "the CTI has offered no call yet");
        }
        return c;
    }

    private static String argument(String[] words, int i, String verb) {
        if (words.length <= i) {
            throw new CtiException("missing-argument", verb + " needs more arguments");
        }
        return words[i];
    }

    /** The event's name for wait-for, and its line; the call id is remembered for commands. */
    String[] format(CtiEvent e) {
        if (e instanceof CtiEvent.ConnectionChanged c) {
            String name = c.connected() ? "cti-connected" : "cti-disconnected";
            return new String[] {name, "event=" + name + " detail=" + EventFormat.quote(c.detail())};
        }
        if (e instanceof CtiEvent.LoggedIn l) {
            return new String[] {
                "cti-logged-in",
                "event=cti-logged-in agent=" + l.session().agent() + " role="
                        + l.session().role()
            };
        }
        if (e instanceof CtiEvent.CallOffered o) {
            callId = o.callId();
            return new String[] {
                "call-offered",
                "event=call-offered call=" + o.callId() + " caller="
                        + o.caller() + " enterprise=" + EventFormat.quote(o.enterprise())
                        + " recent-calls=" + o.recentCalls().size()
            };
        }
        if (e instanceof CtiEvent.CallAnswered a) {
            callId = a.callId();
            return new String[] {
                "call-answered",
                "event=call-answered call=" + a.callId() + " caller=" + a.caller() + " agent=" + a.agent()
            };
        }
        if (e instanceof CtiEvent.CallEnded x) {
            return new String[] {
                "call-ended",
                "event=call-ended call=" + x.callId() + " caller=" + x.caller() + " outcome=" + x.outcome()
            };
        }
        if (e instanceof CtiEvent.TransferProgress p) {
            return new String[] {"transfer-progress", "event=transfer-progress" + transfer(p.transfer())};
        }
        if (e instanceof CtiEvent.TransferResult r) {
            String name = r.transfer().connected() ? "transfer-connected" : "transfer-failed";
            return new String[] {name, "event=" + name + transfer(r.transfer())};
        }
        CtiEvent.CallbackAssigned cb = (CtiEvent.CallbackAssigned) e;
        return new String[] {
            "callback-assigned",
            "event=callback-assigned callback="
                    + cb.callback().id() + " number=" + cb.callback().number() + " due="
                    + cb.callback().dueAt()
        };
    }

    private static String transfer(TransferView t) {
        return " transfer=" + t.id() + " call=" + t.callId() + " matter=" + t.matter() + " state="
                + t.state() + (t.cause() != null ? " cause=" + t.cause() : "")
                + (t.target() != null ? " target=" + t.target() : "")
                + (t.workOrderId() != null ? " work-order=" + t.workOrderId() : "");
    }
}
