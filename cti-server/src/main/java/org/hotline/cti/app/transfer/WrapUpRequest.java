package org.hotline.cti.app.transfer;

import org.hotline.cti.app.Fields;

/**
 * An agent's wrap-up of a call (R12), from the agent socket's {@code wrapup} or {@code POST
 * /api/wrapups}. The resolution and the enterprise name are checked here, before the call is looked
 * up, with the same ids and messages as the stored {@link Wrapup}.
 *
 * @param matter null or blank when the agent picked none
 */
public record WrapUpRequest(String callId, String matter, String resolution, String note, String enterprise) {
    public WrapUpRequest {
        Fields.required(callId, "callId");
        Fields.required(resolution, "resolution");
        Wrapup.requireResolution(resolution);
        enterprise = Wrapup.enterprise(enterprise);
        matter = matter == null || matter.isBlank() ? null : matter;
    }
}
