package org.roam6.cli.demo;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One move of the mobile node and what followed it: the attachment the daemon saw, the Binding
 * Update it sent (RFC 6275 11.7.1, or the de-registration of 11.5.4 when it comes home), the
 * Binding Acknowledgement, the first Echo Reply after the outage the move caused (see
 * {@link ProbeLog#restoredAfter}), and the probes of the phase on the new link. Filled in by the demo's readers as events arrive.
 */
public final class Handover {

    private final int number;
    private final String from;
    private final String to;
    private final long moveStartMillis;
    private String attached;
    private int buSeq = -1;
    private boolean deregistration;
    private int baStatus = -1;
    private String baText;
    private double roundTripMs = Double.NaN;
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

    /** The first BU after the move: its sequence number is the one the BA must carry. */
    public synchronized void bindingUpdate(int seq, boolean deregistration) {
        if (buSeq < 0) {
            buSeq = seq;
            this.deregistration = deregistration;
        }
    }

    /** A BA: counted when it answers this move's BU (same sequence number) and none came before. */
    public synchronized boolean bindingAck(int seq, int status, String text, double rttMs) {
        if (buSeq < 0 || seq != buSeq || baStatus >= 0) {
            return false;
        }
        baStatus = status;
        baText = text;
        roundTripMs = rttMs;
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

    public synchronized boolean bindingAccepted() {
        return baStatus >= 0 && baStatus < 128;
    }

    /** A handover completed: the binding was acknowledged as accepted and traffic flows again. */
    public synchronized boolean complete() {
        return bindingAccepted() && firstReplyMillis >= 0;
    }

    public synchronized int buSeq() {
        return buSeq;
    }

    public synchronized boolean deregistration() {
        return deregistration;
    }

    public synchronized int baStatus() {
        return baStatus;
    }

    public synchronized String baText() {
        return baText;
    }

    public synchronized boolean sawAttachment() {
        return attached != null;
    }

    /** BU to BA round trip as the daemon measured it. */
    public synchronized OptionalDouble roundTripMs() {
        return Double.isNaN(roundTripMs) ? OptionalDouble.empty() : OptionalDouble.of(roundTripMs);
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
        if (buSeq < 0) {
            return attached == null ? "the daemon saw no new link" : "no Binding Update";
        }
        if (baStatus < 0) {
            return "no Binding Acknowledgement for seq " + buSeq;
        }
        if (baStatus >= 128) {
            return "Binding Update rejected, status " + baStatus + " (" + baText + ")";
        }
        return firstReplyMillis < 0 ? "no Echo Reply after the move" : "";
    }
}
