package org.roam6.cli.demo;

import java.time.Instant;

/**
 * What the demo learns from one line of the mobile node daemon's log: the movement detector's
 * attachments (RFC 6275 11.5) and the Binding Update List's BU and BA lines (RFC 6275 11.7).
 * Each event carries the log line's own timestamp.
 */
public sealed interface MndEvent {

    /** When the daemon logged it. */
    Instant at();

    /** {@code attached to link <prefix>: care-of address <coa>, router <router>}: away from home. */
    record AttachedAway(Instant at, String prefix, String careOf, String router) implements MndEvent {
    }

    /** {@code attached to the home link <prefix>: router <router>}. */
    record AttachedHome(Instant at, String prefix, String router) implements MndEvent {
    }

    /** {@code detached from <interface>}. */
    record Detached(Instant at, String iface) implements MndEvent {
    }

    /**
     * {@code BU seq <n> sent to <peer>: care-of address <coa>, lifetime <s> s} or
     * {@code ...: de-registration}; {@code careOf} is null for a de-registration,
     * {@code retransmission} 0 for the first transmission.
     */
    record BindingUpdateSent(Instant at, int seq, String peer, String careOf, int lifetimeS, int retransmission)
            implements MndEvent {
        public boolean deregistration() {
            return careOf == null;
        }
    }

    /** {@code BA seq <n> from <peer>: status <code> (<text>), lifetime <s> s, round trip <ms> ms}. */
    record BindingAck(Instant at, int seq, String peer, int status, String statusText, int lifetimeS, double roundTripMs)
            implements MndEvent {
        /** RFC 6275 6.1.8: status values below 128 mean the Binding Update was accepted. */
        public boolean accepted() {
            return status < 128;
        }
    }

    /** {@code roam6-mnd running ...}: the daemon is up. */
    record Running(Instant at) implements MndEvent {
    }
}
