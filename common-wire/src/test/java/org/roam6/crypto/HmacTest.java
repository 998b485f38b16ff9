package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

class HmacTest {

    private static byte[] repeat(int b, int n) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] counting(int from, int to) {
        byte[] a = new byte[to - from + 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (from + i);
        }
        return a;
    }

    private static String mac(MacAlgorithm alg, byte[] key, byte[] data) {
        byte[] out = new byte[alg.macLength()];
        new Hmac(alg).init(key).update(data, 0, data.length).doFinal(out, 0);
        return Bytes.toHex(out);
    }

    @Test
    void hmacSha1MatchesTheRfc2202TestVectors() {
        MacAlgorithm a = MacAlgorithm.HMAC_SHA1;
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", mac(a, repeat(0x0b, 20), ascii("Hi There")));
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                mac(a, ascii("Jefe"), ascii("what do ya want for nothing?")));
        assertEquals("125d7342b9ac11cd91a39af48aa17b4f63f175d3", mac(a, repeat(0xaa, 20), repeat(0xdd, 50)));
        assertEquals("4c9007f4026250c6bc8414f9bf50c86c2d7235da", mac(a, counting(1, 25), repeat(0xcd, 50)));
        // test case 5 also gives the 96-bit truncation that RR and RFC 4285 use
        String tc5 = mac(a, repeat(0x0c, 20), ascii("Test With Truncation"));
        assertEquals("4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", tc5);
        assertEquals("4c1a03424b55e07fe7f27be1", tc5.substring(0, 24));
        // keys longer than the 64-byte block are hashed first
        assertEquals("aa4ae5e15272d00e95705637ce8a3b55ed402112",
                mac(a, repeat(0xaa, 80), ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        assertEquals("e8e99d0f45237d786d6bbaa7965c7808bbff1a91", mac(a, repeat(0xaa, 80),
                ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data")));
    }

    @Test
    void hmacSha256MatchesTheRfc4231TestVectors() {
        MacAlgorithm a = MacAlgorithm.HMAC_SHA256;
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                mac(a, repeat(0x0b, 20), ascii("Hi There")));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                mac(a, ascii("Jefe"), ascii("what do ya want for nothing?")));
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                mac(a, repeat(0xaa, 20), repeat(0xdd, 50)));
        assertEquals("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                mac(a, counting(1, 25), repeat(0xcd, 50)));
        assertEquals("a3b6167473100ee06e0c796c2955552b",
                mac(a, repeat(0x0c, 20), ascii("Test With Truncation")).substring(0, 32));
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                mac(a, repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", mac(a, repeat(0xaa, 131),
                ascii("This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.")));
    }

    @Property(tries = 300)
    void agreesWithTheJdkMacForAnyKeyAndMessageInAnyChunks(@ForAll @Size(min = 1, max = 200) byte[] key,
                                                            @ForAll @Size(max = 300) byte[] data,
                                                            @ForAll @IntRange(min = 1, max = 70) int chunk,
                                                            @ForAll boolean sha256) throws Exception {
        MacAlgorithm alg = sha256 ? MacAlgorithm.HMAC_SHA256 : MacAlgorithm.HMAC_SHA1;
        Mac jdk = Mac.getInstance(alg.jcaName());
        jdk.init(new SecretKeySpec(key, alg.jcaName()));
        byte[] expected = jdk.doFinal(data);

        Hmac h = new Hmac(alg).init(key);
        for (int i = 0; i < data.length; i += chunk) {
            h.update(data, i, Math.min(chunk, data.length - i));
        }
        byte[] out = new byte[alg.macLength()];
        assertEquals(alg.macLength(), h.doFinal(out, 0));
        assertArrayEquals(expected, out);
    }

    @Test
    void staysKeyedAfterDoFinalAndCanBeReKeyed() {
        byte[] k1 = repeat(0x0b, 20);
        byte[] k2 = ascii("Jefe");
        Hmac h = new Hmac(MacAlgorithm.HMAC_SHA1).init(k1);
        byte[] out = new byte[20];
        byte[] hi = ascii("Hi There");
        h.update(hi, 0, hi.length).doFinal(out, 0);
        h.update(hi, 0, hi.length).doFinal(out, 0);
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", Bytes.toHex(out));
        byte[] q = ascii("what do ya want for nothing?");
        h.init(k2).update(ascii("garbage"), 0, 7);
        h.reset();
        h.update(q, 0, q.length).doFinal(out, 0);
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", Bytes.toHex(out));
    }

    @Test
    void typedUpdatesFeedNetworkOrderBytes() {
        Ipv6Address a = Ipv6Address.parse("2001:db8::1:2");
        byte[] key = repeat(7, 20);
        byte[] plain = new byte[16 + 8 + 2 + 1];
        a.write(plain, 0);
        Bytes.putLong(plain, 16, 0x0102030405060708L);
        Bytes.put16(plain, 24, 0xbeef);
        plain[26] = 9;
        byte[] viaBytes = new byte[20];
        byte[] viaTyped = new byte[20];
        new Hmac(MacAlgorithm.HMAC_SHA1).init(key).update(plain, 0, plain.length).doFinal(viaBytes, 0);
        new Hmac(MacAlgorithm.HMAC_SHA1).init(key).update(a).updateLong(0x0102030405060708L)
                .update16(0xbeef).update((byte) 9).doFinal(viaTyped, 0);
        assertArrayEquals(viaBytes, viaTyped);
    }

    @Test
    void refusesUseBeforeItIsKeyed() {
        Hmac h = new Hmac(MacAlgorithm.HMAC_SHA256);
        assertThrows(IllegalStateException.class, () -> h.update((byte) 1));
        assertThrows(IllegalStateException.class, () -> h.doFinal(new byte[32], 0));
    }

    /**
     * The point of this class: keying and computing allocate nothing once warm. Measured with the
     * JVM's per-thread allocation counter over many calls (a count, not a timing).
     */
    @Test
    void keyingAndComputingAllocateNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "per-thread allocation counting is off");
        byte[] key = repeat(0x42, 20);
        byte[] msg = repeat(0x17, 100);
        byte[] out = new byte[32];
        Hmac sha1 = new Hmac(MacAlgorithm.HMAC_SHA1);
        Hmac sha256 = new Hmac(MacAlgorithm.HMAC_SHA256);
        Ipv6Address a = Ipv6Address.parse("2001:db8::5");
        Runnable work = () -> {
            key[0]++;
            sha1.init(key, 0, key.length).update(a).update(msg, 0, msg.length).doFinal(out, 0);
            sha256.init(key, 0, key.length).update(a).update(msg, 0, msg.length).doFinal(out, 0);
        };
        for (int i = 0; i < 20_000; i++) {
            work.run();
        }
        long tid = Thread.currentThread().getId();
        int rounds = 20_000;
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < rounds; i++) {
            work.run();
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // a single allocation per round would be at least 16 bytes x 20 000; allow the counter's own noise
        assertTrue(allocated < 4_096, "allocated " + allocated + " bytes in " + rounds + " rounds");
    }
}
