package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.MnHaKeyStore.Verdict;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

class MnHaAuthenticationTest {

    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:2::abcd:1");
    static final byte[] KEY = Bytes.fromHex("7f3c2a11d0e9b8a7968574635241302f1e0d0c0b");
    static final int SPI = 0x00001001;

    /**
     * A home registration BU (RFC 6275 6.1.7, A and H flags, sequence 0x0102, lifetime 0x00ff)
     * with a Mobility Message Authentication option (RFC 4285 5): at offset 12 PadN (2 bytes)
     * so that the option's authenticator is 4n-aligned, then type 9, length 17, subtype 1, SPI
     * 0x00001001 (SPI ends at offset 21) and 12 authenticator bytes (21-32). Padding to 40.
     */
    static byte[] bindingUpdate() {
        return Bytes.fromHex("3b 04 05 00 0000 0102 c000 00ff"
                + "01 00"
                + "09 11 01 00001001 000000000000000000000000"
                + "01 05 0000000000");
    }

    static final int MH_DATA_LENGTH = 21; // up to and including the SPI
    static final int AUTHENTICATOR_OFFSET = 21;

    @Test
    void theAuthenticatorAgreesWithAnIndependentPythonComputationForBothHashes() throws Exception {
        byte[] bu = bindingUpdate();
        Bytes.put16(bu, 4, 0x1234);
        byte[] sha256 = MnHaAuthentication.authenticator(MacAlgorithm.HMAC_SHA256, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH);
        byte[] sha1 = MnHaAuthentication.authenticator(MacAlgorithm.HMAC_SHA1, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH);

        PythonOracle py = new PythonOracle();
        py.call("mn_ha_authenticator", "HMAC_SHA256", Bytes.toHex(KEY), COA.toString(), HOA.toString(),
                Bytes.toHex(bu), 0, MH_DATA_LENGTH);
        py.call("mn_ha_authenticator", "HMAC_SHA1", Bytes.toHex(KEY), COA.toString(), HOA.toString(),
                Bytes.toHex(bu), 0, MH_DATA_LENGTH);
        Random r = new Random(4285);
        List<String> java = new ArrayList<>();
        java.add(Bytes.toHex(sha256));
        java.add(Bytes.toHex(sha1));
        for (int i = 0; i < 60; i++) {
            MacAlgorithm alg = MacAlgorithm.values()[i % 2];
            byte[] key = ReturnRoutabilityTest.bytes(r, 16 + r.nextInt(100));
            Ipv6Address coa = new Ipv6Address(r.nextLong(), r.nextLong());
            Ipv6Address hoa = new Ipv6Address(r.nextLong(), r.nextLong());
            byte[] mh = ReturnRoutabilityTest.bytes(r, 12 + r.nextInt(100));
            int off = r.nextInt(4);
            int len = 6 + r.nextInt(mh.length - off - 6 + 1);
            java.add(Bytes.toHex(MnHaAuthentication.authenticator(alg, key, coa, hoa, mh, off, len)));
            py.call("mn_ha_authenticator", alg.name(), Bytes.toHex(key), coa.toString(), hoa.toString(),
                    Bytes.toHex(mh), off, len);
        }
        List<String> expected = py.run();
        for (int i = 0; i < java.size(); i++) {
            assertEquals(expected.get(i), java.get(i), "case " + i);
        }
    }

    @Test
    void theAuthenticatorIsTheFirst96BitsOfTheMacWithEitherHash() {
        assertEquals(12, MnHaAuthentication.AUTHENTICATOR_LENGTH);
        byte[] bu = bindingUpdate();
        for (MacAlgorithm alg : MacAlgorithm.values()) {
            byte[] data = new byte[32 + MH_DATA_LENGTH];
            COA.write(data, 0);
            HOA.write(data, 16);
            System.arraycopy(bu, 0, data, 32, MH_DATA_LENGTH);
            byte[] full = new byte[alg.macLength()];
            new Hmac(alg).init(KEY).update(data, 0, data.length).doFinal(full, 0);
            assertArrayEquals(java.util.Arrays.copyOf(full, 12),
                    MnHaAuthentication.authenticator(alg, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH), alg.name());
        }
    }

    @Test
    void sha256IsTheDefault() {
        assertEquals(MacAlgorithm.HMAC_SHA256, MacAlgorithm.MN_HA_DEFAULT);
        assertEquals(MacAlgorithm.HMAC_SHA256, new MnHaKey(SPI, HOA, KEY).algorithm());
    }

    @Test
    void aHomeAgentVerifiesWhatAMobileNodeSigned() {
        MnHaKeyStore mn = new MnHaKeyStore(List.of(new MnHaKey(SPI, HOA, KEY)));
        MnHaKeyStore ha = new MnHaKeyStore(List.of(new MnHaKey(SPI, HOA, KEY.clone())));
        byte[] bu = bindingUpdate();
        MnHaKey mine = mn.byHomeAddress(HOA);
        MnHaAuthentication.authenticator(mine, COA, HOA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET);
        Bytes.put16(bu, 4, 0xbeef); // the checksum goes in last

        int spi = Bytes.getInt(bu, 17);
        assertEquals(Verdict.AUTHENTIC, ha.verify(spi, HOA, COA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
        assertEquals(0, Verdict.AUTHENTIC.bindingAckStatus());

        assertEquals(Verdict.UNKNOWN_SPI, ha.verify(spi + 1, HOA, COA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
        assertEquals(Verdict.WRONG_HOME_ADDRESS,
                ha.verify(spi, COA, COA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
        bu[9] ^= 0x01; // lifetime
        Verdict forged = ha.verify(spi, HOA, COA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET);
        assertEquals(Verdict.BAD_AUTHENTICATOR, forged);
        assertEquals(146, forged.bindingAckStatus());
    }

    @Test
    void aKeyUnderTheOtherHashDoesNotVerify() {
        byte[] bu = bindingUpdate();
        MnHaAuthentication.authenticator(MacAlgorithm.HMAC_SHA1, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET);
        assertTrue(MnHaAuthentication.verify(MacAlgorithm.HMAC_SHA1, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
        assertFalse(MnHaAuthentication.verify(MacAlgorithm.HMAC_SHA256, KEY, COA, HOA, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
    }

    @Test
    void theKeyStoreFindsKeysBySpiAndByHomeAddress() {
        Ipv6Address other = Ipv6Address.parse("2001:db8:1::200");
        MnHaKey a = new MnHaKey(300, HOA, KEY);
        MnHaKey b = new MnHaKey(-5, other, MacAlgorithm.HMAC_SHA1, KEY);
        MnHaKey c = new MnHaKey(7, HOA, KEY); // a newer key for the same node
        MnHaKeyStore s = new MnHaKeyStore(List.of(a, b, c));
        assertSame(a, s.bySpi(300));
        assertSame(b, s.bySpi(-5));
        assertSame(c, s.bySpi(7));
        assertNull(s.bySpi(8));
        assertSame(c, s.byHomeAddress(HOA));
        assertSame(b, s.byHomeAddress(other));
        assertEquals(List.of(b, c, a), s.keys());

        MnHaKey a2 = new MnHaKey(300, HOA, MacAlgorithm.HMAC_SHA1, KEY);
        s.put(a2);
        assertSame(a2, s.bySpi(300));
        assertEquals(3, s.keys().size());

        assertSame(a2, s.remove(300));
        assertNull(s.bySpi(300));
        assertSame(c, s.byHomeAddress(HOA));
        assertSame(c, s.remove(7));
        assertNull(s.byHomeAddress(HOA));
        assertNull(s.remove(7));
        assertEquals(List.of(b), s.keys());
    }

    /** The one-step constructor gives the store that adding the same keys one by one gives. */
    @Property(tries = 200)
    void buildingTheStoreInOneStepEqualsAddingTheKeysOneByOne(
            @ForAll @Size(max = 40) List<@IntRange(min = -20, max = 20) Integer> spis,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 5) Integer> hosts) {
        List<MnHaKey> keys = new ArrayList<>();
        for (int i = 0; i < spis.size(); i++) {
            int host = hosts.isEmpty() ? 0 : hosts.get(i % hosts.size());
            keys.add(new MnHaKey(spis.get(i), new Ipv6Address(HOA.hi(), host + 1), KEY));
        }
        MnHaKeyStore oneStep = new MnHaKeyStore(keys);
        MnHaKeyStore byPut = new MnHaKeyStore();
        keys.forEach(byPut::put);
        assertEquals(byPut.keys(), oneStep.keys());
        for (int spi = -21; spi <= 21; spi++) {
            assertSame(byPut.bySpi(spi), oneStep.bySpi(spi));
        }
        for (int host = 1; host <= 7; host++) {
            Ipv6Address a = new Ipv6Address(HOA.hi(), host);
            assertSame(byPut.byHomeAddress(a), oneStep.byHomeAddress(a));
        }
    }

    @Test
    void removingTheNewestKeyOfANodeFallsBackToAnOlderOne() {
        MnHaKeyStore s = new MnHaKeyStore();
        MnHaKey old = new MnHaKey(1, HOA, KEY);
        MnHaKey newer = new MnHaKey(2, HOA, KEY);
        s.put(old);
        s.put(newer);
        assertSame(newer, s.byHomeAddress(HOA));
        s.remove(2);
        assertSame(old, s.byHomeAddress(HOA));
    }

    @Test
    void refusesShortKeysAndNeverPrintsTheKey() {
        assertThrows(IllegalArgumentException.class, () -> new MnHaKey(1, HOA, new byte[15]));
        String text = new MnHaKey(0xffffffff, HOA, KEY).toString();
        assertEquals("MnHaKey[spi=4294967295, homeAddress=2001:db8:1::100, HMAC_SHA256]", text);
    }

    @Property(tries = 300)
    void anAuthenticatorVerifiesAndAnyFlippedBitOutsideTheChecksumBreaksIt(
            @ForAll boolean sha256, @ForAll @Size(min = 16, max = 40) byte[] key,
            @ForAll long coaHi, @ForAll long coaLo, @ForAll long hoaHi, @ForAll long hoaLo,
            @ForAll @Size(min = 6, max = 80) byte[] mh, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int which) {
        MacAlgorithm alg = sha256 ? MacAlgorithm.HMAC_SHA256 : MacAlgorithm.HMAC_SHA1;
        Ipv6Address coa = new Ipv6Address(coaHi, coaLo);
        Ipv6Address hoa = new Ipv6Address(hoaHi, hoaLo);
        byte[] auth = MnHaAuthentication.authenticator(alg, key, coa, hoa, mh, 0, mh.length);
        assertTrue(MnHaAuthentication.verify(alg, key, coa, hoa, mh, 0, mh.length, auth, 0));

        byte[] k = key.clone();
        byte[] c = coa.toBytes();
        byte[] h = hoa.toBytes();
        byte[] m = mh.clone();
        byte[] a = auth.clone();
        byte[][] parts = {k, c, h, m, a};
        int total = 0;
        for (byte[] p : parts) {
            total += 8 * p.length;
        }
        int bit = which % total;
        int part = 0;
        while (bit >= 8 * parts[part].length) {
            bit -= 8 * parts[part].length;
            part++;
        }
        parts[part][bit / 8] ^= (byte) (1 << (bit % 8));
        boolean checksumBit = part == 3 && (bit / 8 == 4 || bit / 8 == 5);
        assertEquals(checksumBit, MnHaAuthentication.verify(alg, k, Ipv6Address.of(c), Ipv6Address.of(h),
                m, 0, m.length, a, 0), "flipped bit " + bit + " of part " + part);
    }
}
