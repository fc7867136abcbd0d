package org.hotline.cti.app.transfer;

import org.hotline.cti.app.Fields;
import org.hotline.cti.domain.transfer.SupervisorOverride;

/**
 * A request to transfer a call (R1), from the agent socket's {@code transfer} or {@code POST
 * /api/transfers}: both adapters build it with the one request parser (http/Requests).
 *
 * @param override a duty supervisor's spending beyond the day's three-way budget (R10), or null;
 *     the service refuses it from anyone below supervisor
 */
public record TransferRequest(String callId, String matter, SupervisorOverride override) {
    public TransferRequest {
        Fields.required(callId, "callId");
        Fields.required(matter, "matter");
    }
}
