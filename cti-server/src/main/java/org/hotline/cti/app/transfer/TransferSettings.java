package org.hotline.cti.app.transfer;

import java.time.Duration;

/**
 * How transfer numbers become PBX dial targets, and the limits of an attempt.
 *
 * @param sipUriEndpoint PJSIP endpoint used to dial {@code sip:} numbers by URI
 *                       ({@code PJSIP/specialists/sip:2001@127.0.0.3:5071})
 * @param numberTemplate dial target for plain numbers and extensions, {@code {number}} replaced
 *                       (e.g. {@code PJSIP/{number}} or {@code PJSIP/{number}@pstn-trunk})
 * @param legGrace       how long past a leg's ring timeout we wait for the PBX to report it
 *                       before calling the attempt timed out
 */
public record TransferSettings(String sipUriEndpoint, String numberTemplate, String callerIdName, Duration legGrace) {
    public static final TransferSettings DEFAULTS =
            new TransferSettings("specialists", "PJSIP/{number}", "12345热线转接", Duration.ofSeconds(10));

    public String dialTarget(String number) {
        if (number.startsWith("sip:")) {
            return "PJSIP/" + sipUriEndpoint + "/" + number;
        }
        return numberTemplate.replace("{number}", number);
    }
}
