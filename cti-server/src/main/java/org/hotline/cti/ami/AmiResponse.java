package org.hotline.cti.ami;

import java.util.List;

/**
 * The reply to one action: the {@code Response} block and, for list actions (CoreShowChannels,
 * QueueStatus…), the events Asterisk sent for it before the closing {@code EventList: Complete}.
 */
public record AmiResponse(AmiMessage response, List<AmiMessage> events) {
    public boolean success() {
        String r = response.response();
        return "Success".equalsIgnoreCase(r) || "Goodbye".equalsIgnoreCase(r);
    }

    public String message() {
        return response.get("Message", "");
    }
}
