package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

class ReturnRoutabilityTest {

    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:2::abcd:1");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:3::7");
    static final byte[] KCN = Bytes.fromHex("000102030405060708090a0b0c0d0e0f10111213");
    static final long HOME_NONCE = 0x1122334455667788L;
    static final long CARE_OF_NONCE = 0x99aabbccddeeff00L;

    /**
     * A Binding Update as it goes on the wire (RFC 6275 6.1.7): MH header, sequence 0x1234,
     * A flag, lifetime 60 (x4 s), Nonce Indices (home 7, care-of 8) and Binding Authorization
     * Data at offset 18 (8n+2) whose 12-byte authenticator starts at 20. 32 bytes, Header Len 3.
     */
    static byte[] bindingUpdate() {
        return Bytes.fromHex("3b 03 05 00 0000 1234 8000 003c"
                + "04 04 0007 0008"
                + "05 0c 000000000000000000000000");
    }

    static final int MH_DATA_LENGTH = 20;
    static final int AUTHENTICATOR_OFFSET = 20;

    @Test
    void tokensKeysAndAuthenticatorAgreeWithAnIndependentPythonComputation() throws Exception {
        long home = ReturnRoutability.homeKeygenToken(KCN, HOA, HOME_NONCE);
        long careOf = ReturnRoutability.careOfKeygenToken(KCN, COA, CARE_OF_NONCE);
        byte[] kbm = ReturnRoutability.bindingManagementKey(home, careOf);
        byte[] dereg = ReturnRoutability.deregistrationKey(home);
        byte[] bu = bindingUpdate();
        Bytes.put16(bu, 4, 0xdead); // a checksum already in place must not matter
        byte[] auth = ReturnRoutability.authenticator(kbm, COA, CN, bu, 0, MH_DATA_LENGTH);

        PythonOracle py = new PythonOracle();
        py.call("home_token", Bytes.toHex(KCN), HOA.toString(), Long.toHexString(HOME_NONCE));
        py.call("care_of_token", Bytes.toHex(KCN), COA.toString(), Long.toHexString(CARE_OF_NONCE));
        py.call("kbm", hex8(home), hex8(careOf));
        py.call("dereg_kbm", hex8(home));
        py.call("bad_authenticator", Bytes.toHex(kbm), COA.toString(), CN.toString(), Bytes.toHex(bu), 0, MH_DATA_LENGTH);
        List<String> expected = py.run();

        assertEquals(expected.get(0), hex8(home));
        assertEquals(expected.get(1), hex8(careOf));
        assertEquals(expected.get(2), Bytes.toHex(kbm));
        assertEquals(expected.get(3), Bytes.toHex(dereg));
        assertEquals(expected.get(4), Bytes.toHex(auth));
    }

    @Test
    void randomInputsAgreeWithThePythonComputation() throws Exception {
        Random r = new Random(6275);
        int cases = 100;
        PythonOracle py = new PythonOracle();
        String[] java = new String[cases * 5];
        for (int i = 0; i < cases; i++) {
            byte[] kcn = bytes(r, 20);
            Ipv6Address hoa = new Ipv6Address(r.nextLong(), r.nextLong());
            Ipv6Address coa = new Ipv6Address(r.nextLong(), r.nextLong());
            Ipv6Address cn = new Ipv6Address(r.nextLong(), r.nextLong());
            long hn = r.nextLong();
            long cn2 = r.nextLong();
            byte[] mh = bytes(r, 8 + r.nextInt(200));
            int off = r.nextInt(3);
            int len = 6 + r.nextInt(mh.length - 6 - off + 1);
            long ht = ReturnRoutability.homeKeygenToken(kcn, hoa, hn);
            long ct = ReturnRoutability.careOfKeygenToken(kcn, coa, cn2);
            byte[] kbm = ReturnRoutability.bindingManagementKey(ht, ct);
            java[5 * i] = hex8(ht);
            java[5 * i + 1] = hex8(ct);
            java[5 * i + 2] = Bytes.toHex(kbm);
            java[5 * i + 3] = Bytes.toHex(ReturnRoutability.deregistrationKey(ht));
            java[5 * i + 4] = Bytes.toHex(ReturnRoutability.authenticator(kbm, coa, cn, mh, off, len));
            py.call("home_token", Bytes.toHex(kcn), hoa.toString(), hex8(hn));
            py.call("care_of_token", Bytes.toHex(kcn), coa.toString(), hex8(cn2));
            py.call("kbm", hex8(ht), hex8(ct));
            py.call("dereg_kbm", hex8(ht));
            py.call("bad_authenticator", Bytes.toHex(kbm), coa.toString(), cn.toString(), Bytes.toHex(mh), off, len);
        }
        List<String> expected = py.run();
        for (int i = 0; i < java.length; i++) {
            assertEquals(expected.get(i), java[i], "call " + i);
        }
    }

    @Test
    void homeAndCareOfTokensDifferOnlyByTheFinalOctet() {
        // same address and nonce: the 0 / 1 octet alone separates the two tokens (RFC 6275 5.2.5)
        assertNotEquals(ReturnRoutability.homeKeygenToken(KCN, HOA, HOME_NONCE),
                ReturnRoutability.careOfKeygenToken(KCN, HOA, HOME_NONCE));
    }

    @Test
    void aMobileNodeAndACorrespondentAgreeOnTheBindingUpdate() {
        // correspondent side: nonces and tokens (sent in HoT / CoT)
        AtomicLong clock = new AtomicLong();
        CorrespondentKey key = new CorrespondentKey(new SecureRandom(), clock::get);
        NonceTable nonces = new NonceTable(key, clock::get, ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL,
                new SecureRandom(), 7);
        NonceTable.Nonce n = nonces.current();
        long homeToken = n.homeKeygenToken(HOA);
        long careOfToken = n.careOfKeygenToken(COA);

        // mobile node: Kbm from the tokens, authenticator into the BU, then the checksum
        byte[] bu = bindingUpdate();
        Bytes.put16(bu, 14, n.index());
        Bytes.put16(bu, 16, n.index());
        byte[] kbm = new byte[ReturnRoutability.KBM_LENGTH];
        ReturnRoutability.bindingManagementKey(homeToken, careOfToken, kbm, 0);
        ReturnRoutability.authenticator(kbm, COA, CN, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET);
        Bytes.put16(bu, 4, 0x5a5a);

        // correspondent: look the indices up, recompute the tokens and check
        NonceTable.Lookup home = nonces.lookup(Bytes.u16(bu, 14));
        NonceTable.Lookup careOf = nonces.lookup(Bytes.u16(bu, 16));
        assertEquals(0, NonceTable.bindingAckStatus(home.status(), careOf.status()));
        byte[] cnKbm = ReturnRoutability.bindingManagementKey(home.nonce().homeKeygenToken(HOA),
                careOf.nonce().careOfKeygenToken(COA));
        assertTrue(ReturnRoutability.verifyAuthenticator(cnKbm, COA, CN, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
        // the same BU claimed for another care-of address does not verify
        assertFalse(ReturnRoutability.verifyAuthenticator(cnKbm, HOA, CN, bu, 0, MH_DATA_LENGTH, bu, AUTHENTICATOR_OFFSET));
    }

    @Test
    void theChecksumFieldIsTakenAsZero() {
        byte[] kbm = bytes(new Random(1), 20);
        byte[] bu = bindingUpdate();
        byte[] a = ReturnRoutability.authenticator(kbm, COA, CN, bu, 0, MH_DATA_LENGTH);
        Bytes.put16(bu, 4, 0xffff);
        assertArrayEquals(a, ReturnRoutability.authenticator(kbm, COA, CN, bu, 0, MH_DATA_LENGTH));
        bu[6] ^= 1; // the sequence number is covered
        assertFalse(ReturnRoutability.verifyAuthenticator(kbm, COA, CN, bu, 0, MH_DATA_LENGTH, a, 0));
    }

    @Test
    void onlyTheGivenRangeIsCovered() {
        byte[] kbm = bytes(new Random(2), 20);
        byte[] framed = new byte[7 + 32 + 5];
        System.arraycopy(bindingUpdate(), 0, framed, 7, 32);
        byte[] a = ReturnRoutability.authenticator(kbm, COA, CN, framed, 7, MH_DATA_LENGTH);
        framed[0] = 9;                            // before the range
        framed[7 + AUTHENTICATOR_OFFSET] = 9;     // the authenticator field itself
        framed[framed.length - 1] = 9;            // after the MH
        assertArrayEquals(a, ReturnRoutability.authenticator(kbm, COA, CN, framed, 7, MH_DATA_LENGTH));
        assertArrayEquals(a, ReturnRoutability.authenticator(kbm, COA, CN, bindingUpdate(), 0, MH_DATA_LENGTH));
    }

    @Test
    void deregistrationKeyIsTheHashOfTheHomeTokenAlone() {
        long ht = ReturnRoutability.homeKeygenToken(KCN, HOA, HOME_NONCE);
        assertEquals(Bytes.toHex(ReturnRoutability.deregistrationKey(ht)),
                Bytes.toHex(sha1(Bytes.fromHex(hex8(ht)))));
        assertFalse(ConstantTime.equals(ReturnRoutability.deregistrationKey(ht),
                ReturnRoutability.bindingManagementKey(ht, 0)));
    }

    @Test
    void refusesARangeThatEndsBeforeTheChecksum() {
        assertThrows(IllegalArgumentException.class,
                () -> ReturnRoutability.authenticator(KCN, COA, CN, new byte[5], 0, 5));
    }

    @Property(tries = 300)
    void anAuthenticatorVerifiesAndAnyFlippedBitOutsideTheChecksumBreaksIt(
            @ForAll @Size(value = 20) byte[] kbm, @ForAll long coaHi, @ForAll long coaLo,
            @ForAll long cnHi, @ForAll long cnLo, @ForAll @Size(min = 6, max = 80) byte[] mh,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int which) {
        Ipv6Address coa = new Ipv6Address(coaHi, coaLo);
        Ipv6Address cn = new Ipv6Address(cnHi, cnLo);
        byte[] auth = ReturnRoutability.authenticator(kbm, coa, cn, mh, 0, mh.length);
        assertTrue(ReturnRoutability.verifyAuthenticator(kbm, coa, cn, mh, 0, mh.length, auth, 0));

        // one bit of the whole input: Kbm | CoA | CN | MH Data | authenticator
        byte[] k = kbm.clone();
        byte[] c = coa.toBytes();
        byte[] d = cn.toBytes();
        byte[] m = mh.clone();
        byte[] a = auth.clone();
        byte[][] parts = {k, c, d, m, a};
        int bit = which % (8 * (k.length + c.length + d.length + m.length + a.length));
        int part = 0;
        while (bit >= 8 * parts[part].length) {
            bit -= 8 * parts[part].length;
            part++;
        }
        parts[part][bit / 8] ^= (byte) (1 << (bit % 8));
        boolean checksumBit = part == 3 && (bit / 8 == 4 || bit / 8 == 5);
        boolean verifies = ReturnRoutability.verifyAuthenticator(k, Ipv6Address.of(c), Ipv6Address.of(d),
                m, 0, m.length, a, 0);
        assertEquals(checksumBit, verifies, "flipped bit " + bit + " of part " + part);
    }

    static String hex8(long v) {
        byte[] b = new byte[8];
        Bytes.putLong(b, 0, v);
        return Bytes.toHex(b);
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static byte[] sha1(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
