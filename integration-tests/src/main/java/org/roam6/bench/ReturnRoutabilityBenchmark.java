package org.roam6.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityHeaderCodec.AuthenticatorLocation;

/**
 * A correspondent's per-BU cryptography after Return Routability (RFC 6275 5.2.5, 5.2.6): deriving
 * Kbm from Kcn and the two nonces, and the Binding Authorization Data authenticator
 * (First(96, HMAC-SHA1(Kbm, care-of address | correspondent | MH Data))) of a 40-octet BU with
 * Nonce Indices, computed by the mobile node and verified by the correspondent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ReturnRoutabilityBenchmark {
    private static final long HOME_NONCE = 0x1111222233334444L;
    private static final long CARE_OF_NONCE = 0x5555666677778888L;

    private final Ipv6Address careOfAddress = WireFixtures.CARE_OF_ADDRESS;
    private final Ipv6Address homeAddress = WireFixtures.HOME_ADDRESS;
    private final Ipv6Address correspondent = WireFixtures.CORRESPONDENT;
    private final byte[] kcn = new byte[20];
    private final byte[] kbm = new byte[ReturnRoutability.KBM_LENGTH];
    private byte[] bu;
    private int authenticatorOffset;

    @Setup
    public void buildBindingUpdate() {
        for (int i = 0; i < kcn.length; i++) {
            kcn[i] = (byte) (0x90 + i);
        }
        bindingManagementKey();
        bu = MobilityHeaderCodec.encode(WireFixtures.correspondentBindingUpdate(), WireFixtures.EXT);
        AuthenticatorLocation at = MobilityHeaderCodec.bindingAuthorizationData(bu, 0, bu.length, WireFixtures.EXT);
        if (at == null || at.trailingOffset() != at.headerEnd()) {
            throw new IllegalStateException("fixture has no Binding Authorization Data ending the header");
        }
        authenticatorOffset = at.authenticatorOffset();
        computeAuthenticator();
        if (!verifyAuthenticator()) {
            throw new IllegalStateException("the authenticator just written does not verify");
        }
    }

    /** Both keygen tokens from Kcn and the nonces, then Kbm: what a correspondent derives per BU. */
    @Benchmark
    public byte[] bindingManagementKey() {
        long home = ReturnRoutability.homeKeygenToken(kcn, homeAddress, HOME_NONCE);
        long careOf = ReturnRoutability.careOfKeygenToken(kcn, careOfAddress, CARE_OF_NONCE);
        ReturnRoutability.bindingManagementKey(home, careOf, kbm, 0);
        return kbm;
    }

    /** Writes the authenticator into the BU in place (the same value each time). */
    @Benchmark
    public byte[] computeAuthenticator() {
        ReturnRoutability.authenticator(kbm, careOfAddress, correspondent, bu, 0, authenticatorOffset,
                bu, authenticatorOffset);
        return bu;
    }

    @Benchmark
    public boolean verifyAuthenticator() {
        return ReturnRoutability.verifyAuthenticator(kbm, careOfAddress, correspondent, bu, 0,
                authenticatorOffset, bu, authenticatorOffset);
    }
}
