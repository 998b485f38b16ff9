package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void theFirstAnsweredProbeAfterAMoveIgnoresRepliesToEarlierProbes() {
        ProbeLog log = new ProbeLog(INTERVAL);
        long move = T0 + 100 * INTERVAL;
        log.reply(reply(99, move - INTERVAL, 30.0));   // sent before the move, answered after it
        log.noAnswerYet(noAnswer(100, move));
        log.noAnswerYet(noAnswer(101, move + INTERVAL));
        log.reply(reply(103, move + 3 * INTERVAL, 0.4));
        log.reply(reply(102, move + 2 * INTERVAL, 15.0));
        ProbeLog.Probe first = log.firstAnsweredSentAfter(move).orElseThrow();
        assertEquals(103, first.seq(), "the reply that arrived first, not the lowest sequence");
        assertEquals(move + 3 * INTERVAL + 400, first.replyMicros());
        assertTrue(log.firstAnsweredSentAfter(move + 10 * INTERVAL).isEmpty());
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
}
