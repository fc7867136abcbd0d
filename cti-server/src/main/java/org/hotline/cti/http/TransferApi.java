package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.port.TransferStore;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferService;

/** Three-way transfers (R1, R10): request one, list a day's, look one up. */
public final class TransferApi {
    private final TransferService transfers;
    private final TransferStore transferStore;
    private final HotlineRules rules;
    private final Clock clock;

    public TransferApi(TransferService transfers, TransferStore transferStore, HotlineRules rules, Clock clock) {
        this.transfers = transfers;
        this.transferStore = transferStore;
        this.rules = rules;
        this.clock = clock;
    }

    public void register(Router r) {
        r.post("/api/transfers", Role.AGENT, this::transfer);
        r.get("/api/transfers", Role.AGENT, req -> {
            ZoneId z = rules.now().calendar().zone();
            LocalDate day = Days.parse(req.param("date"), z, clock);
            return HttpResponse.json(Map.of(
                    "date",
                    day.toString(),
                    "transfers",
                    transferStore
                            .requestedBetween(
                                    day.atStartOfDay(z).toInstant(),
                                    day.plusDays(1).atStartOfDay(z).toInstant())
                            .stream()
                            .filter(t -> Ownership.mine(req.session(), t))
                            .map(TransferOutcomes::view)
                            .toList()));
        });
        r.get(
                "/api/transfers/{id}",
                Role.AGENT,
                req -> HttpResponse.json(TransferOutcomes.view(transfers
                        .find(id(req.pathParam("id"), "T"))
                        // Another agent's transfer reads as absent: its existence is not the asker's business.
                        .filter(t -> Ownership.mine(req.session(), t))
                        .orElseThrow(() ->
                                new CtiException(ErrorId.NO_SUCH_TRANSFER, "no transfer " + req.pathParam("id"))))));
    }

    private HttpResponse transfer(HttpRequest req) {
        var request = Requests.transfer(Json.tree(req.body()), req.session());
        // Issue 14 item 4: the setup's steps include the way here from the event loop (request pool, token, JSON).
        var attempt = transfers.request(
                request, req.session(), java.time.Duration.ofNanos(System.nanoTime() - req.receivedNanos()));
        return HttpResponse.json(HttpResponseStatus.CREATED, TransferOutcomes.view(attempt));
    }

    static long id(String s, String prefix) {
        String digits = s.startsWith(prefix) ? s.substring(prefix.length()) : s;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new CtiException(
                    prefix.equals("T") ? ErrorId.NO_SUCH_TRANSFER : ErrorId.NO_SUCH_WORK_ORDER,
                    "no such id '" + s + "'");
        }
    }
}
