package org.roam6.cli.demo;

import java.time.Instant;
import java.util.List;

/**
 * What the demo learns from one line of the mobile node daemon's log: the movement detector's
 * attachments (RFC 6275 11.5), the Binding Update List's BU and BA lines (RFC 6275 11.7) and,
 * with several home agents (mnd/README.md), the Home Agent Unreachable and the change of the
 * primary home agent; and route optimisation with a correspondent (RFC 6275 11.6, 11.7.2): the
 * start of its Return Routability, the Binding Updates sent to it and its hold-down.
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

    /**
     * {@code Home Agent Unreachable from <ha>: home agent[s] [<dead>, ...] dead, dropped}: a live
     * home agent said the others are dead, and the daemon took it.
     */
    record HomeAgentUnreachable(Instant at, String source, List<String> dead) implements MndEvent {
    }

    /** {@code Home Agent Unreachable from <ha> to <dst> naming [<ha>, ...] ignored: <reason>}. */
    record HomeAgentUnreachableIgnored(Instant at, String source, List<String> naming, String reason)
            implements MndEvent {
    }

    /** {@code primary home agent <ha> (was <ha>)}: the reverse tunnel now goes through {@code homeAgent}. */
    record PrimaryHomeAgent(Instant at, String homeAgent, String was) implements MndEvent {
    }

    /**
     * {@code starting return routability with correspondent <cn>} (or {@code starting
     * pre-shared-key registration with correspondent <cn>}): traffic with a correspondent while
     * away, and route optimisation begins (RFC 6275 11.6.1).
     */
    record CorrespondentRegistrationStarted(Instant at, String correspondent, boolean preSharedKey) implements MndEvent {
    }

    /**
     * {@code BU seq <n> sent to correspondent <cn>: care-of address <coa>, lifetime <s> s} or
     * {@code ...: de-registration}, each possibly followed by {@code , pre-shared key} and
     * {@code , retransmission <k>} (RFC 6275 11.7.2); {@code careOf} is null for a
     * de-registration, {@code retransmission} 0 for the first transmission.
     */
    record CorrespondentBindingUpdateSent(Instant at, int seq, String correspondent, String careOf, int lifetimeS,
                                          int retransmission) implements MndEvent {
        public boolean deregistration() {
            return careOf == null;
        }
    }

    /**
     * {@code correspondent <cn> held down for <s> s (<reason>): <why>}: route optimisation with
     * it failed (for instance its kernel's Parameter Problem: no Mobile IPv6 there) and the traffic
     * stays in the home agent's tunnel for that long.
     */
    record CorrespondentHeldDown(Instant at, String correspondent, int seconds, String reason, String why)
            implements MndEvent {
    }

    /** {@code roam6-mnd running ...}: the daemon is up. */
    record Running(Instant at) implements MndEvent {
    }
}
