package org.hotline.softphone;

/** Entry point of the agent softphone (SIP user agent + CTI client). */
public final class Main {
    public static void main(String[] args) {
        System.out.println("softphone-agent: not yet implemented");
    }
}
