package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CorrespondentKeyTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void kcnIs20RandomBytes() {
        CorrespondentKey a = new CorrespondentKey(new SecureRandom(), clock::get);
        CorrespondentKey b = new CorrespondentKey(new SecureRandom(), clock::get);
        assertEquals(CorrespondentKey.LENGTH, a.current().key().length);
        assertEquals(20, CorrespondentKey.LENGTH);
        assertFalse(ConstantTime.equals(a.current().key(), b.current().key()));
        assertEquals(0, a.current().generation());
        assertNull(a.previous());
    }

    @Test
    void rotationKeepsThePreviousKeyForMaxNonceLifetime() {
        CorrespondentKey k = new CorrespondentKey(new SecureRandom(), clock::get);
        CorrespondentKey.Kcn first = k.current();
        CorrespondentKey.Kcn second = k.rotate();
        assertSame(second, k.current());
        assertEquals(1, second.generation());
        assertFalse(ConstantTime.equals(first.key(), second.key()));
        assertSame(first, k.previous());
        assertSame(first, k.byGeneration(0));
        assertSame(second, k.byGeneration(1));
        clock.addAndGet(Duration.ofSeconds(240).toNanos() - 1);
        assertSame(first, k.previous());
        clock.addAndGet(1);
        assertNull(k.previous());
        assertNull(k.byGeneration(0));
        assertEquals(ReturnRoutabilityTimers.MAX_NONCE_LIFETIME, k.previousKeyRetention());
    }

    @Test
    void aSecondRotationDropsTheKeyBeforeThePrevious() {
        CorrespondentKey k = new CorrespondentKey(new SecureRandom(), clock::get);
        CorrespondentKey.Kcn first = k.current();
        CorrespondentKey.Kcn second = k.rotate();
        k.rotate();
        assertSame(second, k.previous());
        assertNull(k.byGeneration(first.generation()));
    }

    @Test
    void itsTextNeverShowsTheKey() {
        CorrespondentKey k = new CorrespondentKey(new SecureRandom(), clock::get);
        assertEquals("Kcn[generation=0]", k.current().toString());
    }
}
