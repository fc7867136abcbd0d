package org.hotline.softphone.headless;

import java.util.Locale;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.MediaStats;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.RegistrationState;

/**
 * One line per event, {@code key=value} pairs separated by spaces, {@code event=} first;
 * values with spaces are double-quoted. Scripts split on spaces and '='.
 */
public final class EventFormat {

    private EventFormat() {}

    /** The short name {@code wait-for} matches against. */
    public static String name(PhoneEvent e) {
        if (e instanceof PhoneEvent.RegistrationChanged r) {
            return switch (r.state()) {
                case REGISTERED -> "registered";
                case UNREGISTERED -> "unregistered";
                case REGISTERING -> "registering";
                case FAILED -> "registration-failed";
            };
        }
        if (e instanceof PhoneEvent.Ringing) {
            return "ringing";
        }
        if (e instanceof PhoneEvent.RemoteRinging) {
            return "remote-ringing";
        }
        if (e instanceof PhoneEvent.Answered) {
            return "answered";
        }
        if (e instanceof PhoneEvent.Held) {
            return "held";
        }
        if (e instanceof PhoneEvent.Resumed) {
            return "resumed";
        }
        if (e instanceof PhoneEvent.DtmfReceived) {
            return "dtmf";
        }
        return "ended";
    }

    public static String format(PhoneEvent e) {
        String head = "event=" + name(e);
        if (e instanceof PhoneEvent.RegistrationChanged r) {
            return head + " detail=" + quote(r.detail());
        }
        if (e instanceof PhoneEvent.Ringing r) {
            return head + call(r.call()) + " from=" + r.call().remoteNumber() + " name="
                    + quote(r.call().remoteName());
        }
        if (e instanceof PhoneEvent.RemoteRinging r) {
            return head + call(r.call()) + " to=" + r.call().remoteNumber();
        }
        if (e instanceof PhoneEvent.Answered a) {
            return head + call(a.call()) + " remote=" + a.call().remoteNumber() + " codec="
                    + a.call().mediaStats().codec();
        }
        if (e instanceof PhoneEvent.Held h) {
            return head + call(h.call()) + " by=" + (h.byRemote() ? "remote" : "local");
        }
        if (e instanceof PhoneEvent.Resumed r) {
            return head + call(r.call()) + " by=" + (r.byRemote() ? "remote" : "local");
        }
        if (e instanceof PhoneEvent.DtmfReceived d) {
            return head + call(d.call()) + " digit=" + d.digit();
        }
        PhoneEvent.Ended x = (PhoneEvent.Ended) e;
        return head + call(x.call()) + " reason="
                + x.reason().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " detail=" + quote(x.detail()) + stats(x.call().mediaStats());
    }

    public static String status(RegistrationState reg, Call call) {
        String s = "event=status registration=" + reg.name().toLowerCase(Locale.ROOT);
        if (call == null) {
            return s + " call=none";
        }
        return s + call(call) + " state=" + call.state().name().toLowerCase(Locale.ROOT)
                + " direction=" + call.direction().name().toLowerCase(Locale.ROOT)
                + " remote=" + call.remoteNumber() + stats(call.mediaStats());
    }

    static String stats(MediaStats m) {
        String level = m.receivedLevelDbfs() == Double.NEGATIVE_INFINITY
                ? "-inf"
                : String.format(Locale.ROOT, "%.1f", m.receivedLevelDbfs());
        return " codec=" + (m.codec().isEmpty() ? "none" : m.codec())
                + " packets-sent=" + m.packetsSent() + " packets-received=" + m.packetsReceived()
                + " bytes-sent=" + m.bytesSent() + " bytes-received=" + m.bytesReceived()
                + " level-dbfs=" + level;
    }

    private static String call(Call c) {
        return " call=" + c.id();
    }

    public static String quote(String s) {
        if (s == null) {
            return "\"\"";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
