package org.hotline.softphone.sip;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.hotline.softphone.phone.PhoneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JAIN-SIP stack with one UDP listening point, plus the factories and the request building
 * every part of the phone shares.
 *
 * <p>{@link SipFactory} is a process-wide singleton that caches stacks by {@code STACK_NAME}, so
 * each endpoint takes a unique name and several phones can live in one JVM (tests do this).
 * We never call {@code resetFactory()}: it would tear down every other phone's stack.
 */
final class SipEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    static final String USER_AGENT = "hotline-softphone/0.1";

    final SipPhoneConfig config;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    private final SipStack stack;
    private final ListeningPoint listeningPoint;
    final SipProvider provider;
    private final AtomicLong branchCounter = new AtomicLong();

    SipEndpoint(SipPhoneConfig config, SipListener listener) {
        this.config = config;
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            Properties p = new Properties();
            // The stack logs under its own name: the "sipstack." prefix lets logback tame it.
            p.setProperty(
                    "javax.sip.STACK_NAME", "sipstack.softphone-" + config.user() + "-" + STACKS.incrementAndGet());
            p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
            // Our listener serialises on the phone's lock anyway; reentrancy only adds threads.
            p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
            p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
            p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
            this.stack = factory.createSipStack(p);
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
            this.listeningPoint = stack.createListeningPoint(config.localIp(), config.localPort(), ListeningPoint.UDP);
            this.provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(listener);
        } catch (Exception e) {
            throw new PhoneException(
                    "sip-start-failed",
                    "cannot start SIP on " + config.localIp() + ":" + config.localPort() + ": " + e.getMessage(),
                    e);
        }
    }

    SipURI uri(String user, String host, int port) throws Exception {
        SipURI uri = addresses.createSipURI(user, host);
        if (port > 0 && port != 5060) {
            uri.setPort(port);
        }
        return uri;
    }

    /** Our address of record: sip:user@server. */
    Address self() throws Exception {
        return addresses.createAddress(uri(config.user(), config.server(), config.serverPort()));
    }

    ContactHeader contact() throws Exception {
        SipURI c = addresses.createSipURI(config.user(), config.localIp());
        c.setPort(config.localPort());
        return headers.createContactHeader(addresses.createAddress(c));
    }

    ViaHeader via() throws Exception {
        // Unique branch with the RFC 3261 magic cookie; the stack would do it too, but an
        // explicit one keeps retries after a challenge distinct transactions.
        return headers.createViaHeader(
                config.localIp(),
                config.localPort(),
                ListeningPoint.UDP,
                "z9hG4bK-hl" + System.nanoTime() + "-" + branchCounter.incrementAndGet());
    }

    CallIdHeader newCallId() {
        return provider.getNewCallId();
    }

    /** An out-of-dialog request from us to {@code to}, sent via the server (outbound proxy). */
    Request request(String method, Address to, CallIdHeader callId, long cseq, String fromTag) throws Exception {
        SipURI target = (SipURI) to.getURI().clone();
        Request r = messages.createRequest(
                target,
                method,
                callId,
                headers.createCSeqHeader(cseq, method),
                headers.createFromHeader(self(), fromTag),
                headers.createToHeader(to, null),
                List.of(via()),
                headers.createMaxForwardsHeader(70));
        r.addHeader(contact());
        r.addHeader(headers.createUserAgentHeader(List.of(USER_AGENT)));
        return r;
    }

    String newTag() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    @Override
    public void close() {
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception ignored) {
            // closing anyway
        }
        try {
            stack.stop();
        } catch (RuntimeException e) {
            // NIST's UDP processor throws an NPE when stopped moments after it started (its
            // channel list is created by its own thread); the socket is closed by then.
            log.debug("stack stop: {}", e.toString());
        }
    }
}
