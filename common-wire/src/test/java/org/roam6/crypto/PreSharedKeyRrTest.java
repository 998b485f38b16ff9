package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

class PreSharedKeyRrTest {

    static final byte[] PSK = Bytes.fromHex("5c1e6a0b9d2f4e7a8c3b1d0e2f4a6c8e");
    static final Ipv6Address HOA = ReturnRoutabilityTest.HOA;
    static final Ipv6Address COA = ReturnRoutabilityTest.COA;
    static final Ipv6Address CN = ReturnRoutabilityTest.CN;

    @Test
    void kbmAgreesWithAnIndependentPythonComputation() throws Exception {
        PythonOracle py = new PythonOracle();
        List<String> java = new ArrayList<>();
        java.add(Bytes.toHex(PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 0x1234)));
        py.call("psk_kbm", Bytes.toHex(PSK), HOA.toString(), COA.toString(), CN.toString(), 0x1234);
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] psk = ReturnRoutabilityTest.bytes(r, 16 + r.nextInt(60));
            Ipv6Address h = new Ipv6Address(r.nextLong(), r.nextLong());
            Ipv6Address c = new Ipv6Address(r.nextLong(), r.nextLong());
            Ipv6Address n = new Ipv6Address(r.nextLong(), r.nextLong());
            int seq = r.nextInt(1 << 16);
            java.add(Bytes.toHex(PreSharedKeyRr.bindingManagementKey(psk, h, c, n, seq)));
            py.call("psk_kbm", Bytes.toHex(psk), h.toString(), c.toString(), n.toString(), seq);
        }
        List<String> expected = py.run();
        assertEquals(expected, java);
    }

    @Test
    void kbmIsTheWholeHmacSha1OverTheDocumentedFiftyBytes() {
        byte[] input = new byte[50];
        HOA.write(input, 0);
        COA.write(input, 16);
        CN.write(input, 32);
        Bytes.put16(input, 48, 0xfffe);
        byte[] mac = new byte[20];
        new Hmac(MacAlgorithm.HMAC_SHA1).init(PSK).update(input, 0, 50).doFinal(mac, 0);
        assertArrayEquals(mac, PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 0xfffe));
        assertEquals(20, PreSharedKeyRr.KBM_LENGTH);
    }

    @Test
    void everyBindingUpdateGetsItsOwnKey() {
        byte[] k = PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 1);
        assertFalse(ConstantTime.equals(k, PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 2)));
        assertFalse(ConstantTime.equals(k, PreSharedKeyRr.bindingManagementKey(PSK, HOA, HOA, CN, 1)));
        assertFalse(ConstantTime.equals(k, PreSharedKeyRr.bindingManagementKey(PSK, COA, HOA, CN, 1)));
        assertFalse(ConstantTime.equals(k, PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, HOA, 1)));
        // only the low 16 bits of the sequence number count, as on the wire
        assertArrayEquals(k, PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 0x10001));
    }

    @Test
    void aMobilityAgentVerifiesABindingUpdateAuthorisedWithThePsk() {
        byte[] bu = ReturnRoutabilityTest.bindingUpdate();
        int seq = Bytes.u16(bu, 6);
        byte[] mnKbm = PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, seq);
        ReturnRoutability.authenticator(mnKbm, COA, CN, bu, 0, ReturnRoutabilityTest.MH_DATA_LENGTH,
                bu, ReturnRoutabilityTest.AUTHENTICATOR_OFFSET);

        byte[] maKbm = PreSharedKeyRr.bindingManagementKey(PSK.clone(), HOA, COA, CN, Bytes.u16(bu, 6));
        assertTrue(ReturnRoutability.verifyAuthenticator(maKbm, COA, CN, bu, 0, ReturnRoutabilityTest.MH_DATA_LENGTH,
                bu, ReturnRoutabilityTest.AUTHENTICATOR_OFFSET));
        byte[] wrongPsk = PSK.clone();
        wrongPsk[0] ^= 1;
        byte[] badKbm = PreSharedKeyRr.bindingManagementKey(wrongPsk, HOA, COA, CN, seq);
        assertFalse(ReturnRoutability.verifyAuthenticator(badKbm, COA, CN, bu, 0, ReturnRoutabilityTest.MH_DATA_LENGTH,
                bu, ReturnRoutabilityTest.AUTHENTICATOR_OFFSET));
    }
}
