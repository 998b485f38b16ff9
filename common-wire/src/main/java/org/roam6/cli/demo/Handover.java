package org.roam6.cli.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One move of the mobile node and what followed it: the attachment the daemon saw, the Binding
 * Update it sent to each of its home agents (RFC 6275 11.7.1, or the de-registration of 11.5.4
 * when it comes home; one per home agent with several, mnd/README.md), each home agent's Binding
 * Acknowledgement, the first Echo Reply after the outage the move caused (see
 * {@link ProbeLog#restoredAfter}), and the probes of the phase on the new link. Filled in by the
 * demo's readers as events arrive.
 *
 * <p>The move's <em>first</em> home agent is the one its first Binding Update went to: the
 * daemon sends them in the order of its list, so that is the primary, the one the reverse
 * tunnel goes through. Its sequence number and round trip stand for the move in the summary.
 */
public final class Handover {

    /** The move's Binding Update to one home agent and its acknowledgement ({@code status} -1 while none). */
    public record Registration(String peer, int seq, boolean deregistration, int status, String text, double roundTripMs) {
        public boolean acknowledged() {
            return status >= 0;
        }

        /** RFC 6275 6.1.8: status values below 128 mean the Binding Update was accepted. */
        public boolean accepted() {
            return status >= 0 && status < 128;
        }
    }

    private final int number;
    private final String from;
    private final String to;
    private final long moveStartMillis;
    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private String attached;
    private long firstReplyMillis = -1;
    private ProbeLog.PhaseStats probes;

    public Handover(int number, String from, String to, long moveStartMillis) {
        this.number = number;
        this.from = from;
        this.to = to;
        this.moveStartMillis = moveStartMillis;
    }

    public int number() {
        return number;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    public long moveStartMillis() {
        return moveStartMillis;
    }

    /** The daemon saw the new link; true the first time. */
    public synchronized boolean attached(String description) {
        if (attached != null) {
            return false;
        }
        attached = description;
        return true;
    }

    /**
     * The first BU of this move to {@code peer}: its sequence number is the one that home
     * agent's BA must carry. Later ones to the same home agent (retransmissions) change nothing.
     */
    public synchronized void bindingUpdate(String peer, int seq, boolean deregistration) {
        registrations.putIfAbsent(peer, new Registration(peer, seq, deregistration, -1, null, Double.NaN));
    }

    /**
     * A BA from {@code peer}: counted when it answers this move's BU to that home agent (same
     * sequence number) and none came before; true when counted.
     */
    public synchronized boolean bindingAck(String peer, int seq, int status, String text, double rttMs) {
        Registration r = registrations.get(peer);
        if (r == null || r.seq() != seq || r.acknowledged()) {
            return false;
        }
        registrations.put(peer, new Registration(peer, seq, r.deregistration(), status, text, rttMs));
        return true;
    }

    /** The first Echo Reply after the outage, as seen live; true the first time. */
    public synchronized boolean firstReply(long epochMillis) {
        if (firstReplyMillis >= 0) {
            return false;
        }
        firstReplyMillis = epochMillis;
        return true;
    }

    /**
     * The phase is over: the first reply after the outage as the whole probe log shows it
     * ({@code -1}: none); true when that differs from what was seen live.
     */
    public synchronized boolean settleFirstReply(long epochMillis) {
        boolean changed = epochMillis != firstReplyMillis;
        firstReplyMillis = epochMillis;
        return changed;
    }

    public synchronized void probes(ProbeLog.PhaseStats stats) {
        probes = stats;
    }

    /** The move's registrations, one per home agent, in the order the Binding Updates went out. */
    public synchronized List<Registration> registrations() {
        return List.copyOf(registrations.values());
    }

    /** The registration with the move's first home agent (the primary), if a BU went out. */
    private Registration first() {
        return registrations.isEmpty() ? null : registrations.values().iterator().next();
    }

    /** Every home agent a BU went to accepted it (and there was at least one). */
    public synchronized boolean bindingAccepted() {
        return !registrations.isEmpty() && registrations.values().stream().allMatch(Registration::accepted);
    }

    /** A handover completed: every home agent acknowledged the binding as accepted and traffic flows again. */
    public synchronized boolean complete() {
        return bindingAccepted() && firstReplyMillis >= 0;
    }

    /** The first home agent's BU sequence number, -1 when no BU went out. */
    public synchronized int buSeq() {
        Registration r = first();
        return r == null ? -1 : r.seq();
    }

    public synchronized boolean deregistration() {
        Registration r = first();
        return r != null && r.deregistration();
    }

    /** The first home agent's BA status, -1 while none. */
    public synchronized int baStatus() {
        Registration r = first();
        return r == null ? -1 : r.status();
    }

    public synchronized String baText() {
        Registration r = first();
        return r == null ? null : r.text();
    }

    /** How many home agents accepted the move's Binding Update, and how many got one. */
    public synchronized int accepted() {
        return (int) registrations.values().stream().filter(Registration::accepted).count();
    }

    public synchronized int homeAgents() {
        return registrations.size();
    }

    public synchronized boolean sawAttachment() {
        return attached != null;
    }

    /** BU to BA round trip with the first home agent (the primary), as the daemon measured it. */
    public synchronized OptionalDouble roundTripMs() {
        Registration r = first();
        return r == null || !r.acknowledged() ? OptionalDouble.empty() : OptionalDouble.of(r.roundTripMs());
    }

    /** Move start to the first Echo Reply after the outage the move caused. */
    public synchronized OptionalLong gapMillis() {
        return firstReplyMillis < 0 ? OptionalLong.empty() : OptionalLong.of(firstReplyMillis - moveStartMillis);
    }

    public synchronized ProbeLog.PhaseStats probes() {
        return probes;
    }

    /** What is missing for a complete handover, or "" when it is complete. */
    public synchronized String missing() {
        if (registrations.isEmpty()) {
            return attached == null ? "the daemon saw no new link" : "no Binding Update";
        }
        List<String> wrong = new ArrayList<>();
        boolean several = registrations.size() > 1;
        for (Registration r : registrations.values()) {
            String at = several ? " from " + r.peer() : "";
            if (!r.acknowledged()) {
                wrong.add("no Binding Acknowledgement" + at + " for seq " + r.seq());
            } else if (!r.accepted()) {
                wrong.add("Binding Update rejected" + at + ", status " + r.status() + " (" + r.text() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            return String.join("; ", wrong);
        }
        return firstReplyMillis < 0 ? "no Echo Reply after the move" : "";
    }
}
