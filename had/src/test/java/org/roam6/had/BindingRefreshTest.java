package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.had.SignallingFixture.COA;
import static org.roam6.had.SignallingFixture.COA2;
import static org.roam6.had.SignallingFixture.HA;
import static org.roam6.had.SignallingFixture.HOA;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/** RFC 6275 9.5.5: the home agent's Binding Refresh Requests, with in-memory sockets and a manual clock. */
class BindingRefreshTest {

    static final int AH = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;
    static final Ipv6Address HOA2 = Ipv6Address.parse("2001:db8:1::104");
    static final String SECOND_NODE = "MnUnprotected 2001:db8:1::104;\n";

    /** Registers {@code hoa} at {@code coa} for {@code lifetimeUnits} x 4 s and takes the BA. */
    static void register(SignallingFixture f, Ipv6Address hoa, Ipv6Address coa, int seq, int lifetimeUnits)
            throws Exception {
        f.sendWithHomeAddressOption(f.bu(seq, AH, lifetimeUnits, new MobilityOption.AlternateCareOfAddress(coa)),
                coa, hoa);
        assertEquals(BindingAckStatus.ACCEPTED, f.nextAck(coa, hoa).status());
    }

    static BindingRefresh refresh(SignallingFixture f, RateLimiter limiter) {
        return new BindingRefresh(f.registration, f.clock, HA, f.config.bindingRefreshAdvance(),
                f.signalling::sendPacket, limiter, f.stats);
    }

    static BindingRefresh refresh(SignallingFixture f) {
        return refresh(f, new RateLimiter(1e6, 1_000_000, new ManualClock()));
    }

    /** The next packet sent must be a BRR from HA to {@code coa} routed to {@code hoa}, checksum over HA -> HoA. */
    static void assertRefreshRequest(SignallingFixture f, Ipv6Address coa, Ipv6Address hoa) throws Exception {
        Ipv6Packet p = f.nextSent();
        assertEquals(HA, p.source());
        assertEquals(coa, p.destination());
        assertTrue(p.hasRoutingHeaderType2(), "a Type 2 routing header (RFC 6275 6.4)");
        assertEquals(1, p.routingSegmentsLeft());
        assertEquals(hoa, p.routingAddress());
        assertEquals(IpProtocol.MOBILITY, p.upperLayerProtocol());
        byte[] mh = Arrays.copyOfRange(p.header().buffer(), p.upperLayerOffset(),
                p.upperLayerOffset() + p.upperLayerLength());
        assertTrue(MobilityHeaderCodec.verifyChecksum(mh, 0, mh.length, HA, hoa), "MH checksum over HA -> HoA");
        assertEquals(MhType.BINDING_REFRESH_REQUEST, mh[2] & 0xff);
        MobilityMessage m = MobilityHeaderCodec.decode(mh, 0, mh.length, f.ext()).value();
        MobilityMessage.BindingRefreshRequest brr = assertInstanceOf(MobilityMessage.BindingRefreshRequest.class, m);
        assertEquals(List.of(), brr.options());
    }

    @Test
    void requestIsSentOnceWhenTheRemainingLifetimeDropsBelowTheAdvance_rfc6275_9_5_5() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 10;\n");
        register(f, HOA, COA, 7, 100); // 400 s
        BindingRefresh r = refresh(f);

        f.clock.advance(Duration.ofSeconds(389)); // 11 s left
        assertEquals(0, r.check());
        assertNull(f.out.takeSent(0), "nothing while more than the advance is left");

        f.clock.advance(Duration.ofSeconds(2)); // 9 s left
        assertEquals(1, r.check());
        assertRefreshRequest(f, COA, HOA);
        assertEquals(1, f.stats.bindingRefreshRequestsSent());
        assertEquals(1L, f.stats.snapshot().get("binding_refresh_requests_sent"));

        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(0, r.check());
        f.clock.advance(Duration.ofSeconds(5));
        assertEquals(0, r.check());
        assertNull(f.out.takeSent(0), "one request per registration");
        assertEquals(1, f.stats.bindingRefreshRequestsSent());
    }

    @Test
    void bindingUpdateThatRefreshesTheBindingMakesItDueAgain() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 10;\n");
        register(f, HOA, COA, 7, 100);
        BindingRefresh r = refresh(f);
        f.clock.advance(Duration.ofSeconds(395));
        assertEquals(1, r.check());
        assertRefreshRequest(f, COA, HOA);

        // the mobile node answers with a BU (RFC 6275 11.7.4), from another care-of address
        register(f, HOA, COA2, 8, 100);
        assertEquals(0, r.check(), "the refreshed binding has 400 s left");
        assertNull(f.out.takeSent(0));

        f.clock.advance(Duration.ofSeconds(395));
        assertEquals(1, r.check());
        assertRefreshRequest(f, COA2, HOA);
        assertEquals(2, f.stats.bindingRefreshRequestsSent());
    }

    @Test
    void bindingWithLongRemainingLifetimeIsNotAsked() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 10;\n" + SECOND_NODE);
        register(f, HOA, COA, 1, 100); // expires at 400 s
        f.clock.advance(Duration.ofSeconds(200));
        register(f, HOA2, COA2, 1, 100); // expires at 600 s
        BindingRefresh r = refresh(f);

        f.clock.advance(Duration.ofSeconds(195)); // 5 s and 205 s left
        assertEquals(1, r.check());
        assertRefreshRequest(f, COA, HOA);
        assertNull(f.out.takeSent(0), "the second binding has 205 s left");
    }

    @Test
    void bindingRefreshAdvanceZeroSendsNone() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 0;\n");
        register(f, HOA, COA, 1, 100);
        BindingRefresh r = refresh(f);
        assertFalse(r.enabled());
        f.clock.advance(Duration.ofSeconds(399));
        assertEquals(0, r.check());
        assertNull(f.out.takeSent(0));
        assertEquals(0, f.stats.bindingRefreshRequestsSent());
    }

    @Test
    void withoutTheKeywordTheAdvanceIsTenPercentOfTheGrantedLifetimeAtMostThirtySeconds() throws Exception {
        SignallingFixture f = new SignallingFixture();
        register(f, HOA, COA, 1, 100); // 400 s: 10 % is 40 s, capped at 30 s
        BindingRefresh r = refresh(f);
        assertTrue(r.enabled());
        f.clock.advance(Duration.ofSeconds(369)); // 31 s left
        assertEquals(0, r.check());
        f.clock.advance(Duration.ofSeconds(2)); // 29 s left
        assertEquals(1, r.check());
        assertRefreshRequest(f, COA, HOA);

        assertEquals(30_000, BindingRefresh.advanceMillis(400, OptionalInt.empty()));
        assertEquals(4_000, BindingRefresh.advanceMillis(40, OptionalInt.empty()));
    }

    @Test
    void configuredAdvanceIsAtMostHalfTheGrantedLifetime() {
        assertEquals(10_000, BindingRefresh.advanceMillis(400, OptionalInt.of(10)));
        assertEquals(20_000, BindingRefresh.advanceMillis(40, OptionalInt.of(60)));
        assertEquals(0, BindingRefresh.advanceMillis(400, OptionalInt.of(0)));
    }

    @Test
    void requestsHeldBackByTheRateLimiterGoOutAtALaterCheck() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 10;\n" + SECOND_NODE);
        register(f, HOA, COA, 1, 100);
        register(f, HOA2, COA2, 1, 100);
        BindingRefresh r = refresh(f, new RateLimiter(1, 1, f.clock));

        f.clock.advance(Duration.ofSeconds(392));
        assertEquals(1, r.check(), "one token");
        assertEquals(1, r.deferred());
        assertRefreshRequest(f, COA, HOA);
        assertNull(f.out.takeSent(0));

        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, r.check(), "the held-back one, and only it");
        assertRefreshRequest(f, COA2, HOA2);
        assertEquals(2, f.stats.bindingRefreshRequestsSent());
    }

    @Test
    void expiredBindingIsNotAskedAndForgotten() throws Exception {
        SignallingFixture f = new SignallingFixture("BindingRefreshAdvance 10;\n");
        register(f, HOA, COA, 1, 100);
        BindingRefresh r = refresh(f);
        f.clock.advance(Duration.ofSeconds(400));
        assertEquals(0, r.check(), "no lifetime left: the sweep's, not a refresh's");
        assertEquals(1, f.registration.expire());
        assertNull(f.out.takeSent(0));
    }

    @Test
    void keywordIsReadIntoTheConfig() throws Exception {
        assertEquals(OptionalInt.of(12),
                HomeAgentConfig.parse("had.conf", SignallingFixture.CONFIG + "BindingRefreshAdvance 12;\n")
                        .bindingRefreshAdvance());
        assertEquals(OptionalInt.empty(), HomeAgentConfig.parse("had.conf", SignallingFixture.CONFIG)
                .bindingRefreshAdvance());
    }
}
