package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Probes sent, answered and lost per time window, from replies and "no answer yet" lines. */
class ProbeLogTest {

    static final long T0 = 1_795_464_896_000_000L;
    static final long INTERVAL = 10_000;

    static PingLine.Reply reply(int seq, long sentMicros, double rttMs) {
        return new PingLine.Reply(sentMicros + Math.round(rttMs * 1000), seq, rttMs);
    }

    static PingLine.NoAnswerYet noAnswer(int seq, long sentMicros) {
        return new PingLine.NoAnswerYet(sentMicros + INTERVAL, seq);
    }

    @Test
    void windowsCountProbesByTheirSendTime() {
        ProbeLog log = new ProbeLog(INTERVAL);
        for (int i = 1; i <= 10; i++) {
            long sent = T0 + i * INTERVAL;
            if (i >= 4 && i <= 6) {
                log.noAnswerYet(noAnswer(i, sent));
            } else {
                log.reply(reply(i, sent, 0.5));
            }
        }
        ProbeLog.PhaseStats all = log.total();
        assertEquals(10, all.sent());
        assertEquals(7, all.answered());
        assertEquals(3, all.lost());
        ProbeLog.PhaseStats firstHalf = log.stats(T0, T0 + 5 * INTERVAL + 1);
        assertEquals(5, firstHalf.sent());
        assertEquals(2, firstHalf.lost());
    }

    @Test
    void aLateReplyTurnsANoAnswerIntoAnAnsweredProbe() {
        ProbeLog log = new ProbeLog(INTERVAL);
        long sent = T0 + 5 * INTERVAL;
        log.noAnswerYet(noAnswer(5, sent));
        log.reply(reply(5, sent, 120.0));
        assertEquals(0, log.total().lost());
        assertEquals(1, log.total().answered());
    }

    @Test
    void trafficIsRestoredByTheFirstReplyAfterTheOutageNotByRepliesBeforeTheLinkBroke() {
        ProbeLog log = new ProbeLog(INTERVAL);
        long move = T0 + 100 * INTERVAL;
        log.reply(reply(99, move - INTERVAL, 30.0));   // sent before the move, answered after it
        log.reply(reply(100, move + 500, 0.4));         // sent after the move, before the port went down
        log.noAnswerYet(noAnswer(101, move + INTERVAL)); // the outage begins
        log.noAnswerYet(noAnswer(102, move + 2 * INTERVAL));
        assertTrue(log.unansweredBetween(move, move + 3 * INTERVAL));
        assertFalse(log.unansweredBetween(move, move + INTERVAL), "101 was sent at move + INTERVAL, not before it");
        log.noAnswerYet(noAnswer(103, move + 3 * INTERVAL));
        log.reply(reply(104, move + 4 * INTERVAL, 0.4));
        log.reply(reply(103, move + 3 * INTERVAL, 15.0)); // 103 was only late: arrives after 104's reply
        ProbeLog.Probe back = log.restoredAfter(move, move + 100 * INTERVAL).orElseThrow();
        assertEquals(104, back.seq(), "the reply that arrived first after the outage, not the lowest sequence");
        assertEquals(move + 4 * INTERVAL + 400, back.replyMicros());
        assertEquals(2, log.stats(move, move + 100 * INTERVAL).lost());
    }

    @Test
    void withoutAnyLossTheFirstReplyAfterTheMoveCounts() {
        ProbeLog log = new ProbeLog(INTERVAL);
        long move = T0 + 10 * INTERVAL;
        log.reply(reply(10, move - INTERVAL, 0.4));
        log.reply(reply(11, move + 2000, 0.4));
        log.reply(reply(12, move + 2000 + INTERVAL, 0.4));
        assertEquals(11, log.restoredAfter(move, move + 50 * INTERVAL).orElseThrow().seq());
        assertFalse(log.unansweredBetween(move, move + 50 * INTERVAL));
    }

    @Test
    void trafficThatNeverCameBackIsNotRestored() {
        ProbeLog log = new ProbeLog(INTERVAL);
        long move = T0;
        log.noAnswerYet(noAnswer(1, move + INTERVAL));
        log.noAnswerYet(noAnswer(2, move + 2 * INTERVAL));
        assertTrue(log.restoredAfter(move, move + 100 * INTERVAL).isEmpty());
        log.reply(reply(3, move + 200 * INTERVAL, 0.4)); // outside the phase
        assertTrue(log.restoredAfter(move, move + 100 * INTERVAL).isEmpty());
    }

    @Test
    void sequenceNumbersContinuePastTheirSixteenBits() {
        ProbeLog log = new ProbeLog(INTERVAL);
        log.reply(reply(65534, T0, 0.5));
        log.reply(reply(65535, T0 + INTERVAL, 0.5));
        log.reply(reply(0, T0 + 2 * INTERVAL, 0.5));
        log.noAnswerYet(noAnswer(1, T0 + 3 * INTERVAL));
        log.reply(reply(65535, T0 + INTERVAL, 0.7)); // a late duplicate of the old number stays the same probe
        assertEquals(4, log.total().sent());
        assertEquals(3, log.total().answered());
    }

    @Test
    void pingOutputLinesAreTakenAsTheyCome() {
        ProbeLog log = new ProbeLog(INTERVAL);
        assertTrue(log.take("PING 2001:db8:1::100(2001:db8:1::100) 56 data bytes").isEmpty());
        assertTrue(log.take("[1795464897.030017] no answer yet for icmp_seq=1").isEmpty());
        ProbeLog.Probe p = log.take("[1795464897.040100] 64 bytes from 2001:db8:1::100: icmp_seq=2 ttl=62 time=0.100 ms")
                .orElseThrow();
        assertEquals(2, p.seq());
        assertEquals(1795464897040100L, p.replyMicros());
        assertEquals(2, log.total().sent());
        assertEquals(1, log.total().lost(), "the probe with no answer yet");
    }
}
