package org.roam6.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.mh.BindingAckStatus;

class BindingCacheTest {
    private static final long SEED = 0x5eed_1234_abcdL;
    private static final long HOME_PREFIX = 0x2001_0db8_0001_0000L;
    private static final long VISITED_PREFIX = 0x2001_0db8_0077_0000L;
    private static final long LIFETIME = 420_000L;

    private static long coa(long n) {
        return 0x100 + n;
    }

    @Test
    void lookupFindsARegisteredBindingWithItsCareOfAddressSequenceAndFlags() {
        BindingCache cache = new BindingCache(16, SEED);
        assertEquals(Registration.CREATED,
                cache.register(HOME_PREFIX, 0x100, VISITED_PREFIX, 0x200, 0x1234, 0xf000, 1_000L));
        BindingView v = new BindingView();
        assertTrue(cache.lookup(HOME_PREFIX, 0x100, v));
        assertEquals(VISITED_PREFIX, v.careOfHi());
        assertEquals(0x200, v.careOfLo());
        assertEquals(0x1234, v.sequence());
        assertEquals(0xf000, v.flags());
        assertEquals(new Ipv6Address(VISITED_PREFIX, 0x200), v.careOfAddress());
        assertEquals(1, cache.size());
        assertTrue(cache.contains(HOME_PREFIX, 0x100));
    }

    /** RFC 6275 10.3.1: the forwarding path can refuse a binding past its lifetime before the sweep. */
    @Test
    void lookupReportsTheExpirySoTheForwardingPathCanRefuseAnExpiredBindingBeforeTheSweep() {
        BindingCache cache = new BindingCache(16, SEED);
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0, 5_000L);
        BindingView v = new BindingView();
        assertTrue(cache.lookup(HOME_PREFIX, 1, v));
        assertEquals(5_000, v.expiresAtMillis());
        assertFalse(v.expiredAt(4_999L));
        assertTrue(v.expiredAt(5_000L));
        // a refresh moves the expiry with the rest of the slot
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(2), 2, 0, 9_000L);
        assertTrue(cache.lookup(HOME_PREFIX, 1, v));
        assertEquals(9_000, v.expiresAtMillis());
        assertFalse(v.expiredAt(5_000L));
        // wrap-safe across the 32-bit boundary of the millisecond clock
        long nearWrap = 0xffff_fff0L;
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(3), 3, 0, nearWrap + 100);
        assertTrue(cache.lookup(HOME_PREFIX, 1, v));
        assertFalse(v.expiredAt(nearWrap));
        assertTrue(v.expiredAt(nearWrap + 100));
    }

    @Test
    void lookupOfAnUnknownHomeAddressMissesAndLeavesTheViewAlone() {
        BindingCache cache = new BindingCache(16, SEED);
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0, LIFETIME);
        BindingView v = new BindingView();
        v.careOfLo = 77;
        assertFalse(cache.lookup(HOME_PREFIX, 2, v));
        assertFalse(cache.lookup(HOME_PREFIX + 1, 1, v));
        assertEquals(77, v.careOfLo());
        assertFalse(cache.contains(HOME_PREFIX, 2));
    }

    @Test
    void aRefreshReplacesCareOfAddressSequenceFlagsAndLifetimeOfTheSameEntry() {
        // RFC 6275 10.3.1: the existing entry is updated, not duplicated
        BindingCache cache = new BindingCache(16, SEED);
        cache.register(HOME_PREFIX, 5, VISITED_PREFIX, coa(1), 10, 0xa000, 100L);
        assertEquals(Registration.REFRESHED, cache.register(HOME_PREFIX, 5, VISITED_PREFIX + 1, coa(2), 11, 0xb000, 900L));
        BindingView v = new BindingView();
        assertTrue(cache.lookup(HOME_PREFIX, 5, v));
        assertEquals(VISITED_PREFIX + 1, v.careOfHi());
        assertEquals(coa(2), v.careOfLo());
        assertEquals(11, v.sequence());
        assertEquals(0xb000, v.flags());
        assertEquals(Duration.ofMillis(800), cache.binding(new Ipv6Address(HOME_PREFIX, 5), 100).orElseThrow()
                .lifetimeRemaining());
        assertEquals(1, cache.size());
        BindingCacheCounters c = cache.counters();
        assertEquals(1, c.created());
        assertEquals(1, c.refreshed());
    }

    @Test
    void deregistrationRemovesTheBindingAndReportsWhetherThereWasOne() {
        BindingCache cache = new BindingCache(16, SEED);
        cache.register(HOME_PREFIX, 5, VISITED_PREFIX, coa(5), 1, 0, LIFETIME);
        cache.register(HOME_PREFIX, 6, VISITED_PREFIX, coa(6), 1, 0, LIFETIME);
        assertTrue(cache.deregister(HOME_PREFIX, 5));
        assertFalse(cache.deregister(HOME_PREFIX, 5));
        assertFalse(cache.contains(HOME_PREFIX, 5));
        assertTrue(cache.contains(HOME_PREFIX, 6));
        assertEquals(1, cache.size());
        assertEquals(1, cache.counters().deregistered());
    }

    @Test
    void aFullCacheRefusesANewHomeAddressWithStatus130ButStillRefreshesExistingOnes() {
        BindingCache cache = new BindingCache(3, SEED);
        for (int n = 1; n <= 3; n++) {
            assertEquals(Registration.CREATED, cache.register(HOME_PREFIX, n, VISITED_PREFIX, coa(n), 1, 0, LIFETIME));
        }
        Registration r = cache.register(HOME_PREFIX, 4, VISITED_PREFIX, coa(4), 1, 0, LIFETIME);
        assertEquals(Registration.REFUSED_FULL, r);
        assertFalse(r.accepted());
        assertEquals(BindingAckStatus.INSUFFICIENT_RESOURCES, r.bindingAckStatus());
        assertEquals(130, r.bindingAckStatus());
        assertFalse(cache.contains(HOME_PREFIX, 4));
        assertEquals(Registration.REFRESHED, cache.register(HOME_PREFIX, 2, VISITED_PREFIX, coa(22), 2, 0, LIFETIME));
        assertEquals(3, cache.size());
        assertEquals(1, cache.counters().refused());
        // room again after a de-registration
        cache.deregister(HOME_PREFIX, 1);
        assertEquals(Registration.CREATED, cache.register(HOME_PREFIX, 4, VISITED_PREFIX, coa(4), 1, 0, LIFETIME));
        assertTrue(cache.contains(HOME_PREFIX, 4));
    }

    @Test
    void acceptedRegistrationsAnswerStatusZero() {
        assertEquals(BindingAckStatus.ACCEPTED, Registration.CREATED.bindingAckStatus());
        assertEquals(BindingAckStatus.ACCEPTED, Registration.REFRESHED.bindingAckStatus());
    }

    @Test
    void expiryRemovesExactlyTheBindingsWhoseLifetimeIsOverAndHandsThemOver() {
        BindingCache cache = new BindingCache(16, SEED);
        long now = -5_000L; // a monotonic clock may be negative
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0, now + 10);
        cache.register(HOME_PREFIX, 2, VISITED_PREFIX, coa(2), 2, 0, now + 20);
        cache.register(HOME_PREFIX, 3, VISITED_PREFIX, coa(3), 3, 0, now + 30);
        List<Binding> gone = new ArrayList<>();
        assertEquals(2, cache.expire(now + 20, gone::add));
        gone.sort((a, b) -> a.homeAddress().compareTo(b.homeAddress()));
        assertEquals(List.of(new Ipv6Address(HOME_PREFIX, 1), new Ipv6Address(HOME_PREFIX, 2)),
                gone.stream().map(Binding::homeAddress).toList());
        assertEquals(Duration.ZERO, gone.get(1).lifetimeRemaining());
        assertEquals(new Ipv6Address(VISITED_PREFIX, coa(2)), gone.get(1).careOfAddress());
        assertFalse(cache.contains(HOME_PREFIX, 1));
        assertFalse(cache.contains(HOME_PREFIX, 2));
        assertTrue(cache.contains(HOME_PREFIX, 3));
        assertEquals(2, cache.counters().expired());
        assertEquals(0, cache.expire(now + 29, b -> { }));
    }

    @Test
    void expiryComparesAcrossTheWrapOfTheMonotonicClock() {
        BindingCache cache = new BindingCache(4, SEED);
        long now = Long.MAX_VALUE - 5;
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0, now + 10); // wraps negative
        assertEquals(0, cache.expire(now, b -> { }));
        assertEquals(1, cache.expire(now + 10, b -> { }));
    }

    @Test
    void theExpiryConsumerMayCallBackIntoTheCache() {
        BindingCache cache = new BindingCache(4, SEED);
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0, 10);
        cache.expire(10, b -> cache.register(HOME_PREFIX, 2, VISITED_PREFIX, coa(2), 1, 0, 100));
        assertTrue(cache.contains(HOME_PREFIX, 2));
    }

    @Test
    void deletingTheHeadOfAChainMovesTheRestOfTheRunBackIntoTheHole() {
        // Knuth's Algorithm R: no tombstone, the run closes up
        BindingCache cache = new BindingCache(8, SEED);
        long[] k = keysWithHomeSlot(cache, 3, 3);
        for (long lo : k) {
            cache.register(HOME_PREFIX, lo, VISITED_PREFIX, coa(lo), 1, 0, LIFETIME);
        }
        assertEquals(List.of(3, 4, 5), List.of(cache.slotOf(HOME_PREFIX, k[0]), cache.slotOf(HOME_PREFIX, k[1]),
                cache.slotOf(HOME_PREFIX, k[2])));
        assertTrue(cache.deregister(HOME_PREFIX, k[0]));
        assertEquals(3, cache.slotOf(HOME_PREFIX, k[1]));
        assertEquals(4, cache.slotOf(HOME_PREFIX, k[2]));
        BindingView v = new BindingView();
        assertTrue(cache.lookup(HOME_PREFIX, k[2], v));
        assertEquals(coa(k[2]), v.careOfLo());
        assertFalse(cache.contains(HOME_PREFIX, k[0]));
    }

    @Test
    void aBindingWhoseHomeSlotLiesBetweenTheHoleAndItStaysWhereItIs() {
        BindingCache cache = new BindingCache(8, SEED);
        long[] atThree = keysWithHomeSlot(cache, 3, 2);
        long atFive = keysWithHomeSlot(cache, 5, 1)[0];
        cache.register(HOME_PREFIX, atThree[0], VISITED_PREFIX, coa(1), 1, 0, LIFETIME); // slot 3
        cache.register(HOME_PREFIX, atThree[1], VISITED_PREFIX, coa(2), 1, 0, LIFETIME); // slot 4
        cache.register(HOME_PREFIX, atFive, VISITED_PREFIX, coa(3), 1, 0, LIFETIME);     // slot 5, its home
        cache.deregister(HOME_PREFIX, atThree[0]);
        assertEquals(3, cache.slotOf(HOME_PREFIX, atThree[1]));
        assertEquals(5, cache.slotOf(HOME_PREFIX, atFive), "moving it before its home slot would lose it");
        assertTrue(cache.contains(HOME_PREFIX, atFive));
        assertTrue(cache.contains(HOME_PREFIX, atThree[1]));
    }

    @Test
    void reRegisteringAKeyAfterADeletionInItsChainRefreshesItInsteadOfDuplicatingIt() {
        BindingCache cache = new BindingCache(8, SEED);
        long[] k = keysWithHomeSlot(cache, 5, 2);
        cache.register(HOME_PREFIX, k[0], VISITED_PREFIX, coa(1), 1, 0, LIFETIME);
        cache.register(HOME_PREFIX, k[1], VISITED_PREFIX, coa(2), 1, 0, LIFETIME);
        cache.deregister(HOME_PREFIX, k[0]);
        assertEquals(Registration.REFRESHED, cache.register(HOME_PREFIX, k[1], VISITED_PREFIX, coa(3), 2, 0, LIFETIME));
        assertEquals(1, cache.size());
        cache.deregister(HOME_PREFIX, k[1]);
        assertFalse(cache.contains(HOME_PREFIX, k[1]), "a duplicate would survive the de-registration");
        assertEquals(0, cache.bindings(0).size());
    }

    @Test
    void probeChainsWrapFromTheLastSlotToTheFirstAndCloseUpAcrossTheWrap() {
        BindingCache cache = new BindingCache(8, SEED);
        int last = cache.capacity() - 1;
        long[] k = keysWithHomeSlot(cache, last, 3);
        for (long lo : k) {
            cache.register(HOME_PREFIX, lo, VISITED_PREFIX, coa(lo), (int) lo & 0xffff, 0, LIFETIME);
        }
        assertEquals(List.of(last, 0, 1), List.of(cache.slotOf(HOME_PREFIX, k[0]), cache.slotOf(HOME_PREFIX, k[1]),
                cache.slotOf(HOME_PREFIX, k[2])));
        BindingView v = new BindingView();
        for (long lo : k) {
            assertTrue(cache.lookup(HOME_PREFIX, lo, v), "key " + lo);
            assertEquals(coa(lo), v.careOfLo());
        }
        long absent = keysWithHomeSlot(cache, last, 4)[3];
        assertFalse(cache.contains(HOME_PREFIX, absent));
        // the first of the chain goes; the two that wrapped move back across the wrap
        cache.deregister(HOME_PREFIX, k[0]);
        assertEquals(last, cache.slotOf(HOME_PREFIX, k[1]));
        assertEquals(0, cache.slotOf(HOME_PREFIX, k[2]));
        assertTrue(cache.lookup(HOME_PREFIX, k[2], v));
        assertEquals(coa(k[2]), v.careOfLo());
    }

    @Test
    void keysCollidingInTheHashAreToldApartByTheirFullAddress() {
        BindingCache cache = new BindingCache(16, SEED);
        long[] k = keysWithHomeSlot(cache, 7, 6);
        for (int n = 0; n < k.length; n++) {
            cache.register(HOME_PREFIX, k[n], VISITED_PREFIX, coa(n), n, n, LIFETIME);
        }
        BindingView v = new BindingView();
        for (int n = 0; n < k.length; n++) {
            assertTrue(cache.lookup(HOME_PREFIX, k[n], v));
            assertEquals(coa(n), v.careOfLo());
            assertEquals(n, v.sequence());
        }
        // same low half, other high half: another key
        assertFalse(cache.contains(HOME_PREFIX + 1, k[0]));
    }

    @Test
    void longChurnLeavesEveryLiveBindingAtMostAsFarFromItsHomeAsAFreshTableWould() {
        BindingCache cache = new BindingCache(64, SEED);
        for (int n = 0; n < 32; n++) {
            cache.register(HOME_PREFIX, n, VISITED_PREFIX, coa(n), 1, 0, LIFETIME);
        }
        for (int round = 0; round < 2_000; round++) {
            long lo = 1_000 + round;
            cache.register(HOME_PREFIX, lo, VISITED_PREFIX, coa(lo), 1, 0, LIFETIME);
            cache.deregister(HOME_PREFIX, lo);
        }
        BindingCache fresh = new BindingCache(64, SEED);
        for (int n = 0; n < 32; n++) {
            fresh.register(HOME_PREFIX, n, VISITED_PREFIX, coa(n), 1, 0, LIFETIME);
        }
        int churned = 0;
        int clean = 0;
        for (int n = 0; n < 32; n++) {
            assertTrue(cache.contains(HOME_PREFIX, n), "key " + n);
            churned += distance(cache, n);
            clean += distance(fresh, n);
        }
        assertEquals(32, cache.size());
        assertEquals(clean, churned, "total displacement after churn");
    }

    private static int distance(BindingCache cache, long lo) {
        int d = cache.slotOf(HOME_PREFIX, lo) - cache.homeSlot(HOME_PREFIX, lo);
        return d < 0 ? d + cache.capacity() : d;
    }

    @Test
    void aFullCacheReusesFreedEntriesForNewHomeAddresses() {
        BindingCache cache = new BindingCache(5, SEED);
        for (int round = 0; round < 40; round++) {
            for (int n = 0; n < 5; n++) {
                long lo = round * 10L + n;
                assertEquals(Registration.CREATED, cache.register(HOME_PREFIX, lo, VISITED_PREFIX, coa(lo), round, 0, LIFETIME));
            }
            assertEquals(Registration.REFUSED_FULL, cache.register(HOME_PREFIX, 9_999, VISITED_PREFIX, 1, 1, 0, LIFETIME));
            BindingView v = new BindingView();
            for (int n = 0; n < 5; n++) {
                long lo = round * 10L + n;
                assertTrue(cache.lookup(HOME_PREFIX, lo, v));
                assertEquals(coa(lo), v.careOfLo());
                assertTrue(cache.deregister(HOME_PREFIX, lo));
            }
            assertEquals(0, cache.size());
        }
    }

    @Test
    void homeAgentsAndMobileNetworkPrefixesAreKeptPerBindingAndReplacedOrKeptAsDocumented() {
        BindingCache cache = new BindingCache(8, SEED);
        Ipv6Address hoa = Ipv6Address.parse("2001:db8:1::100");
        Ipv6Address coa = Ipv6Address.parse("2001:db8:77::100");
        List<Ipv6Address> has = List.of(Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("2001:db8:1::2"));
        List<Ipv6Prefix> mnps = List.of(Ipv6Prefix.parse("2001:db8:ff00::/56"));
        cache.register(hoa, coa, 7, 0x0800, 1_000, has, mnps);
        Binding b = cache.binding(hoa, 400).orElseThrow();
        assertEquals(has, b.homeAgents());
        assertEquals(mnps, b.mobileNetworkPrefixes());
        assertEquals(Duration.ofMillis(600), b.lifetimeRemaining());
        // a refresh through the primitive path keeps the lists
        cache.register(hoa.hi(), hoa.lo(), coa.hi(), coa.lo() + 1, 8, 0x0800, 2_000);
        b = cache.binding(hoa, 400).orElseThrow();
        assertEquals(has, b.homeAgents());
        assertEquals(8, b.sequence());
        // empty lists clear them
        cache.register(hoa, coa, 9, 0, 2_000, List.of(), List.of());
        assertEquals(List.of(), cache.binding(hoa, 0).orElseThrow().homeAgents());
        // lists do not follow a freed entry to its next owner
        cache.register(hoa, coa, 10, 0, 2_000, has, List.of());
        cache.deregister(hoa);
        Ipv6Address other = Ipv6Address.parse("2001:db8:1::200");
        cache.register(other.hi(), other.lo(), coa.hi(), coa.lo(), 1, 0, 2_000);
        assertEquals(List.of(), cache.binding(other, 0).orElseThrow().homeAgents());
        assertEquals(Optional.empty(), cache.binding(hoa, 0));
    }

    @Test
    void moreThanFifteenHomeAgentsOrTooManyPrefixesAreRejectedBeforeAnythingChanges() {
        BindingCache cache = new BindingCache(8, SEED);
        Ipv6Address hoa = Ipv6Address.parse("2001:db8:1::100");
        List<Ipv6Address> sixteen = new ArrayList<>();
        for (int n = 1; n <= 16; n++) {
            sixteen.add(new Ipv6Address(HOME_PREFIX, n));
        }
        assertThrows(IllegalArgumentException.class,
                () -> cache.register(hoa, hoa, 1, 0, 1, sixteen, List.of()));
        List<Ipv6Prefix> seventeen = Collections.nCopies(17, Ipv6Prefix.parse("2001:db8:ff00::/56"));
        assertThrows(IllegalArgumentException.class,
                () -> cache.register(hoa, hoa, 1, 0, 1, List.of(), seventeen));
        assertEquals(0, cache.size());
        assertEquals(Registration.CREATED, cache.register(hoa, hoa, 1, 0, 1, sixteen.subList(0, 15), List.of()));
    }

    @Test
    void sequenceNumbersAndFlagsMustFitSixteenBits() {
        BindingCache cache = new BindingCache(8, SEED);
        assertThrows(IllegalArgumentException.class, () -> cache.register(1, 1, 1, 1, 0x10000, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> cache.register(1, 1, 1, 1, -1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> cache.register(1, 1, 1, 1, 0, 0x10000, 1));
        cache.register(1, 1, 1, 1, 0xffff, 0xffff, 1);
        BindingView v = new BindingView();
        cache.lookup(1, 1, v);
        assertEquals(0xffff, v.sequence());
        assertEquals(0xffff, v.flags());
    }

    @Test
    void theSnapshotListsEveryBindingOrderedByHomeAddress() {
        BindingCache cache = new BindingCache(8, SEED);
        cache.register(HOME_PREFIX, 3, VISITED_PREFIX, coa(3), 3, 0, 300);
        cache.register(HOME_PREFIX, 1, VISITED_PREFIX, coa(1), 1, 0x8000, 100);
        cache.register(HOME_PREFIX, 2, VISITED_PREFIX, coa(2), 2, 0, 50);
        List<Binding> all = cache.bindings(100);
        assertEquals(List.of(1L, 2L, 3L), all.stream().map(b -> b.homeAddress().lo()).toList());
        assertEquals(0x8000, all.get(0).flags());
        assertEquals(Duration.ZERO, all.get(1).lifetimeRemaining(), "past expiry, not swept yet");
        assertEquals(Duration.ofMillis(200), all.get(2).lifetimeRemaining());
    }

    @Test
    void theConfiguredMaximumMustBePositiveAndFitTheIndex() {
        assertThrows(IllegalArgumentException.class, () -> new BindingCache(0));
        assertThrows(IllegalArgumentException.class, () -> new BindingCache(BindingCache.MAX_BINDINGS_LIMIT + 1));
        assertEquals(1, new BindingCache(1).maxBindings());
    }

    @Test
    void theTableIsAtMostSeventyPercentFullAtTheMaximumAndAlwaysHasAnEmptySlot() {
        for (int max : new int[] {1, 2, 3, 6, 7, 100, 1000, 1 << 20, 1_000_000}) {
            int cap = BindingCache.capacityFor(max);
            assertTrue(cap > max, "an empty slot for " + max);
            assertTrue(max * 10L <= cap * 7L, "70 % for " + max + ": " + cap);
            assertTrue(cap <= Math.max(max + 1, max / 0.7 + 1), "no more than needed for " + max + ": " + cap);
        }
    }

    @Test
    void theUnspecifiedAddressIsNeverAHomeAddress() {
        // :: marks an empty slot (RFC 4291 2.5.2: it is never assigned)
        BindingCache cache = new BindingCache(4, SEED);
        assertThrows(IllegalArgumentException.class, () -> cache.register(0, 0, 1, 1, 1, 0, LIFETIME));
        assertFalse(cache.contains(0, 0));
        assertFalse(cache.deregister(0, 0));
        assertEquals(Optional.empty(), cache.binding(Ipv6Address.UNSPECIFIED, 0));
        cache.register(0, 1, 1, 1, 1, 0, LIFETIME); // ::1 is only a key like any other here
        assertTrue(cache.contains(0, 1));
        assertFalse(cache.contains(0, 0));
    }

    @Test
    void theHotPathArraysTakeAtMost64BytesPerBindingAtOneMillion() {
        BindingCache cache = new BindingCache(1_000_000, SEED);
        double perBinding = cache.coreBytes() / 1_000_000.0;
        assertTrue(perBinding <= 64, perBinding + " bytes per binding");
        assertTrue(perBinding >= 44, "the slots alone take 44 bytes");
    }

    @Test
    void twoCachesWithDifferentSeedsPlaceTheSameKeyDifferently() {
        BindingCache a = new BindingCache(1 << 16, 1);
        BindingCache b = new BindingCache(1 << 16, 2);
        int differ = 0;
        for (int n = 0; n < 64; n++) {
            if (a.homeSlot(HOME_PREFIX, n) != b.homeSlot(HOME_PREFIX, n)) {
                differ++;
            }
        }
        assertTrue(differ > 48, differ + " of 64 differ");
        assertNotEquals(a.hash(HOME_PREFIX, 1), b.hash(HOME_PREFIX, 1));
    }

    /** The first {@code count} low halves (under HOME_PREFIX) whose home slot is {@code slot}. */
    static long[] keysWithHomeSlot(BindingCache cache, int slot, int count) {
        long[] found = new long[count];
        int n = 0;
        for (long lo = 1; n < count; lo++) {
            if (cache.homeSlot(HOME_PREFIX, lo) == slot) {
                found[n++] = lo;
            }
        }
        return found;
    }
}
