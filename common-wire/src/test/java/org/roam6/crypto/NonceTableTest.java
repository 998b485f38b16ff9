package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.NonceTable.Status;
import org.roam6.wire.Ipv6Address;

class NonceTableTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CorrespondentKey key = new CorrespondentKey(new SecureRandom(), clock::get);

    private NonceTable table(Duration interval, int firstIndex) {
        return new NonceTable(key, clock::get, interval, new SecureRandom(), firstIndex);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void aNonceIsValidUntilMaxNonceLifetimeThenExpired() {
        NonceTable t = table(ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL, 100);
        NonceTable.Nonce n = t.current();
        assertEquals(100, n.index());
        assertEquals(Status.VALID, t.status(100));
        assertSame(n, t.lookup(100).nonce());
        advance(Duration.ofSeconds(239).plusMillis(999));
        assertEquals(Status.VALID, t.status(100));
        advance(Duration.ofMillis(1)); // 240 s: RFC 6275 5.2.7, no longer accepted
        NonceTable.Lookup l = t.lookup(100);
        assertEquals(Status.EXPIRED, l.status());
        assertSame(n, l.nonce());
    }

    @Test
    void anExpiredNonceIsForgottenAfterAWhileAndThenUnknown() {
        NonceTable t = table(ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL, 5);
        t.current();
        advance(ReturnRoutabilityTimers.MAX_NONCE_LIFETIME.plus(ReturnRoutabilityTimers.EXPIRED_NONCE_MEMORY)
                .minusNanos(1));
        assertEquals(Status.EXPIRED, t.status(5));
        advance(Duration.ofNanos(1));
        assertEquals(Status.UNKNOWN, t.status(5));
        assertNull(t.lookup(5).nonce());
    }

    @Test
    void indicesNeverIssuedAreUnknown() {
        NonceTable t = table(ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL, 10);
        assertEquals(Status.UNKNOWN, t.status(10)); // nothing issued yet
        t.current();
        assertEquals(Status.UNKNOWN, t.status(11)); // the next one, not made yet
        assertEquals(Status.UNKNOWN, t.status(9));  // before the first
        assertEquals(Status.UNKNOWN, t.status(40_000));
        assertEquals(Status.UNKNOWN, t.status(-1));
        assertEquals(Status.UNKNOWN, t.status(65_536));
    }

    @Test
    void aNewNonceComesOnlyAfterTheInterval() {
        NonceTable t = table(Duration.ofSeconds(30), 0);
        NonceTable.Nonce first = t.current();
        advance(Duration.ofSeconds(29));
        assertSame(first, t.current());
        advance(Duration.ofSeconds(1));
        NonceTable.Nonce second = t.current();
        assertEquals(1, second.index());
        assertNotEquals(first.value(), second.value());
        // the older one stays valid beside the new one
        assertEquals(Status.VALID, t.status(0));
        assertEquals(Status.VALID, t.status(1));
    }

    @Test
    void tokensFromANonceStayAcceptableForMaxTokenLifetimeWithTheDefaultInterval() {
        // RFC 6275 5.2.7: a nonce handed out at the very end of its 30 s turn still backs its
        // tokens for MAX_TOKEN_LIFETIME
        NonceTable t = table(ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL, 0);
        NonceTable.Nonce n = t.current();
        advance(Duration.ofSeconds(30).minusNanos(1));
        assertSame(n, t.current());
        advance(ReturnRoutabilityTimers.MAX_TOKEN_LIFETIME);
        assertEquals(Status.VALID, t.status(n.index()));
    }

    @Test
    void theIndexWrapsAroundModulo65536() {
        NonceTable t = table(Duration.ofSeconds(1), 0xfffe);
        int[] seen = new int[4];
        for (int i = 0; i < 4; i++) {
            seen[i] = t.current().index();
            advance(Duration.ofSeconds(1));
        }
        assertEquals(0xfffe, seen[0]);
        assertEquals(0xffff, seen[1]);
        assertEquals(0x0000, seen[2]);
        assertEquals(0x0001, seen[3]);
        for (int index : seen) {
            assertEquals(Status.VALID, t.status(index));
        }
        assertEquals(Status.UNKNOWN, t.status(0x0002));
        assertEquals(Status.UNKNOWN, t.status(0xfffd));
    }

    @Test
    void afterAFullTurnOfTheIndexAnOldNumberNamesOnlyTheNewNonce() {
        NonceTable t = table(Duration.ofSeconds(1), 0);
        NonceTable.Nonce first = t.current();
        Set<Long> values = new HashSet<>();
        values.add(first.value());
        NonceTable.Nonce n = first;
        for (int i = 0; i < 65_536; i++) {
            advance(Duration.ofSeconds(1));
            n = t.current();
            values.add(n.value());
        }
        assertEquals(first.index(), n.index()); // 2^16 nonces later the index repeats
        NonceTable.Lookup l = t.lookup(n.index());
        assertEquals(Status.VALID, l.status());
        assertSame(n, l.nonce());
        assertEquals(65_537, values.size(), "8 random bytes each; a repeat would be astonishing");
        // one turn back is still remembered, its predecessor a few minutes ago too
        assertEquals(Status.VALID, t.status((n.index() - 1) & 0xffff));
        assertEquals(Status.EXPIRED, t.status((n.index() - 300) & 0xffff));
        assertEquals(Status.UNKNOWN, t.status((n.index() - 1000) & 0xffff));
    }

    @Test
    void aNonceKeepsTheKeyItWasMadeWithAcrossKeyRotation() {
        NonceTable t = table(Duration.ofSeconds(30), 0);
        Ipv6Address hoa = Ipv6Address.parse("2001:db8::1");
        NonceTable.Nonce before = t.current();
        long token = before.homeKeygenToken(hoa);
        key.rotate();
        key.rotate(); // twice: the first key is neither current nor previous any more
        advance(Duration.ofSeconds(30));
        NonceTable.Nonce after = t.current();
        assertNotEquals(before.kcn(), after.kcn());
        NonceTable.Lookup l = t.lookup(before.index());
        assertEquals(Status.VALID, l.status());
        assertEquals(token, l.nonce().homeKeygenToken(hoa));
        assertEquals(ReturnRoutability.homeKeygenToken(before.kcn().key(), hoa, before.value()), token);
    }

    @Test
    void bindingAckStatusNamesWhichNonceIsStale() {
        assertEquals(0, NonceTable.bindingAckStatus(Status.VALID, Status.VALID));
        assertEquals(136, NonceTable.bindingAckStatus(Status.EXPIRED, Status.VALID));
        assertEquals(136, NonceTable.bindingAckStatus(Status.UNKNOWN, Status.VALID));
        assertEquals(137, NonceTable.bindingAckStatus(Status.VALID, Status.EXPIRED));
        assertEquals(137, NonceTable.bindingAckStatus(Status.VALID, Status.UNKNOWN));
        assertEquals(138, NonceTable.bindingAckStatus(Status.EXPIRED, Status.UNKNOWN));
        // de-registration: only the home nonce counts
        assertEquals(0, NonceTable.bindingAckStatus(Status.VALID, null));
        assertEquals(136, NonceTable.bindingAckStatus(Status.EXPIRED, null));
    }

    @Test
    void refusesAnIntervalOutsideOneSecondToMaxNonceLifetime() {
        assertThrows(IllegalArgumentException.class, () -> table(Duration.ofMillis(999), 0));
        assertThrows(IllegalArgumentException.class, () -> table(Duration.ofSeconds(241), 0));
        assertEquals(Duration.ofSeconds(240), table(Duration.ofSeconds(240), 0).interval());
    }

    @Test
    void theDefaultTableUsesThe30SecondInterval() {
        NonceTable t = new NonceTable(key, clock::get, new SecureRandom());
        assertEquals(Duration.ofSeconds(30), t.interval());
        int index = t.current().index();
        assertTrue(index >= 0 && index <= 0xffff);
    }
}
