package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.ReplayProtection.Verdict;
import org.roam6.wire.Ipv6Address;

class ReplayProtectionTest {

    static final Ipv6Address MN = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address OTHER_MN = Ipv6Address.parse("2001:db8:1::200");

    /** A wall clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final ReplayProtection checker = new ReplayProtection(clock, ReplayProtection.DEFAULT_WINDOW);

    private long at(Duration fromNow) {
        return NtpTimestamp.fromInstant(clock.now.plus(fromNow));
    }

    @Test
    void ntpTimestampsAgreeWithAnIndependentPythonComputation() throws Exception {
        PythonOracle py = new PythonOracle();
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH,                                  // 1970: seconds 2208988800
                Instant.parse("2026-03-01T12:00:00.5Z"),        // half a second: fraction 0x80000000
                Instant.parse("2036-02-07T06:28:15Z"),          // last second of NTP era 0
                Instant.parse("2036-02-07T06:28:16Z"),          // first of era 1: seconds wrap to 0
                Instant.ofEpochSecond(1_700_000_000L, 999_999_999)));
        Random r = new Random(5905);
        for (int i = 0; i < 50; i++) {
            instants.add(Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE) + 1_000_000_000L, r.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            py.call("ntp", t.getEpochSecond(), t.getNano());
        }
        List<String> expected = py.run();
        for (int i = 0; i < instants.size(); i++) {
            assertEquals(expected.get(i), ReturnRoutabilityTest.hex8(NtpTimestamp.fromInstant(instants.get(i))),
                    instants.get(i).toString());
        }
        assertEquals("83aa7e8000000000", expected.get(0));
        assertEquals(0x80000000L, NtpTimestamp.fraction(NtpTimestamp.fromInstant(instants.get(1))));
        assertEquals(0L, NtpTimestamp.seconds(NtpTimestamp.fromInstant(instants.get(3))));
    }

    @Property
    void anInstantSurvivesTheRoundTripToTheNanosecond(
            @ForAll @LongRange(min = -2_208_988_800L + 0x8000_0000L, max = 4_294_967_295L - 2_208_988_800L + 0x8000_0000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        // the range is the 136 years the RFC 4330 era rule covers: 1968-01-20 to 2104-02-26
        Instant t = Instant.ofEpochSecond(epochSecond, nano);
        assertEquals(t, NtpTimestamp.toInstant(NtpTimestamp.fromInstant(t)));
    }

    @Test
    void aFreshTimestampWithinTheWindowIsAccepted() {
        assertEquals(Verdict.ACCEPTED, checker.check(MN, at(Duration.ZERO)));
        assertEquals(OptionalLong.of(at(Duration.ZERO)), checker.lastAccepted(MN));
        assertEquals(0, Verdict.ACCEPTED.bindingAckStatus());
    }

    @Test
    void theWindowIsSevenSecondsEitherWayByDefault() {
        assertEquals(Duration.ofSeconds(7), ReplayProtection.DEFAULT_WINDOW);
        assertEquals(Verdict.ACCEPTED, checker.check(MN, at(Duration.ofSeconds(-7))));
        assertEquals(Verdict.ACCEPTED, checker.check(OTHER_MN, at(Duration.ofSeconds(7))));
    }

    @Test
    void aTimestampFurtherInThePastThanTheWindowIsTooOld() {
        Verdict v = checker.check(MN, at(Duration.ofSeconds(-7).minusMillis(1)));
        assertEquals(Verdict.TOO_OLD, v);
        assertEquals(144, v.bindingAckStatus());
        assertEquals(OptionalLong.empty(), checker.lastAccepted(MN));
    }

    @Test
    void aTimestampFurtherInTheFutureThanTheWindowIsTooNew() {
        assertEquals(Verdict.TOO_NEW, checker.check(MN, at(Duration.ofSeconds(7).plusMillis(1))));
        assertEquals(OptionalLong.empty(), checker.lastAccepted(MN));
    }

    @Test
    void theSameTimestampAgainIsAReplay() {
        long t = at(Duration.ZERO);
        assertEquals(Verdict.ACCEPTED, checker.check(MN, t));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Verdict.REPLAYED, checker.check(MN, t));
    }

    @Test
    void anOlderTimestampWithinTheWindowIsAReplayAndAStrictlyNewerOneIsNot() {
        long t = at(Duration.ZERO);
        assertEquals(Verdict.ACCEPTED, checker.check(MN, t));
        assertEquals(Verdict.REPLAYED, checker.check(MN, t - 1));
        assertEquals(Verdict.ACCEPTED, checker.check(MN, t + 1)); // one 2^-32 s later
        assertEquals(OptionalLong.of(t + 1), checker.lastAccepted(MN));
    }

    @Test
    void eachMobileNodeHasItsOwnLastTimestamp() {
        long t = at(Duration.ZERO);
        assertEquals(Verdict.ACCEPTED, checker.check(MN, t));
        assertEquals(Verdict.ACCEPTED, checker.check(OTHER_MN, t));
        assertEquals(Verdict.REPLAYED, checker.check(OTHER_MN, t));
    }

    @Test
    void forgettingANodeAcceptsItsTimestampsAfresh() {
        long t = at(Duration.ZERO);
        checker.check(MN, t);
        checker.forget(MN);
        assertEquals(Verdict.ACCEPTED, checker.check(MN, t));
    }

    @Test
    void theWindowIsConfigurable() {
        ReplayProtection wide = new ReplayProtection(clock, Duration.ofSeconds(30));
        assertEquals(Verdict.ACCEPTED, wide.check(MN, at(Duration.ofSeconds(-29))));
        assertEquals(Verdict.TOO_OLD, wide.check(OTHER_MN, at(Duration.ofSeconds(-31))));
        assertThrows(IllegalArgumentException.class, () -> new ReplayProtection(clock, Duration.ZERO));
    }

    @Test
    void checksWorkAcrossTheNtpEraWrapIn2036() {
        ManualClock c = new ManualClock(Instant.parse("2036-02-07T06:28:15Z"));
        ReplayProtection p = new ReplayProtection(c, ReplayProtection.DEFAULT_WINDOW);
        long before = NtpTimestamp.fromInstant(c.now);
        long after = NtpTimestamp.fromInstant(c.now.plusSeconds(2));
        assertTrue(Long.compareUnsigned(after, before) < 0, "the raw value wraps");
        assertEquals(Verdict.ACCEPTED, p.check(MN, before));
        assertEquals(Verdict.ACCEPTED, p.check(MN, after));
        assertEquals(Verdict.REPLAYED, p.check(MN, before));
    }

    @Test
    void aSourceGivesStrictlyIncreasingTimestampsEvenWhenTheClockStands() {
        NtpTimestamp.Source source = new NtpTimestamp.Source(clock);
        long a = source.next();
        long b = source.next();
        assertEquals(at(Duration.ZERO), a);
        assertEquals(a + 1, b);
        clock.advance(Duration.ofSeconds(1));
        long c = source.next();
        assertEquals(at(Duration.ZERO), c);
        for (long t : new long[] {a, b, c}) {
            assertEquals(Verdict.ACCEPTED, checker.check(MN, t), Long.toHexString(t));
        }
    }
}
