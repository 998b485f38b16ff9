package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** iputils {@code ping -D -O} lines as the correspondent prints them. */
class PingLineTest {

    @Test
    void aReplyGivesArrivalTimeSequenceAndRoundTrip() {
        PingLine.Reply r = assertInstanceOf(PingLine.Reply.class, PingLine.parse(
                "[1795464896.791993] 64 bytes from 2001:db8:1::100: icmp_seq=17 ttl=62 time=0.075 ms").orElseThrow());
        assertEquals(1795464896791993L, r.epochMicros());
        assertEquals(17, r.seq());
        assertEquals(0.075, r.rttMs(), 1e-9);
        assertEquals(1795464896791918L, r.sentMicros());
    }

    @Test
    void aShortFractionIsMicrosecondsNotAScaledInteger() {
        PingLine.Reply r = assertInstanceOf(PingLine.Reply.class, PingLine.parse(
                "[1795464896.5] 64 bytes from ::1: icmp_seq=1 ttl=64 time=1.50 ms").orElseThrow());
        assertEquals(1795464896500000L, r.epochMicros());
        assertEquals(1795464896498500L, r.sentMicros());
    }

    @Test
    void aDuplicateMarkedReplyIsStillAReply() {
        PingLine.Reply r = assertInstanceOf(PingLine.Reply.class, PingLine.parse(
                "[1795464896.000100] 64 bytes from 2001:db8:1::100: icmp_seq=3 ttl=62 time=12.3 ms (DUP!)").orElseThrow());
        assertEquals(3, r.seq());
    }

    @Test
    void noAnswerYetGivesTheSequence() {
        PingLine.NoAnswerYet n = assertInstanceOf(PingLine.NoAnswerYet.class,
                PingLine.parse("[1795464897.030017] no answer yet for icmp_seq=1").orElseThrow());
        assertEquals(1795464897030017L, n.epochMicros());
        assertEquals(1, n.seq());
    }

    @Test
    void headersErrorsAndStatisticsGiveNothing() {
        assertTrue(PingLine.parse("PING 2001:db8:1::100(2001:db8:1::100) 56 data bytes").isEmpty());
        assertTrue(PingLine.parse("[1795464897.030017] From 2001:db8:1::1 icmp_seq=4 Destination unreachable: Address unreachable").isEmpty());
        assertTrue(PingLine.parse("3 packets transmitted, 3 received, 0% packet loss, time 34ms").isEmpty());
        assertTrue(PingLine.parse("64 bytes from ::1: icmp_seq=1 ttl=64 time=0.075 ms").isEmpty(), "no -D timestamp");
    }
}
