package org.roam6.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityHeaderCodec.AuthenticatorLocation;

/**
 * The RFC 4285 MN-HA authenticator (First(96, HMAC(key, care-of address | home address | MH Data)))
 * of the home BU of {@link WireFixtures} with a Mobility Message Authentication option appended
 * (96 octets), under HMAC-SHA256 (roam6's default) and HMAC-SHA1 (the RFC's): computed by the
 * mobile node, verified by the home agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MnHaAuthenticationBenchmark {
    private static final long SPI = 0x100;

    @Param({"HMAC_SHA256", "HMAC_SHA1"})
    public MacAlgorithm algorithm;

    private final Ipv6Address careOfAddress = WireFixtures.CARE_OF_ADDRESS;
    private final Ipv6Address homeAddress = WireFixtures.HOME_ADDRESS;
    private final byte[] key = new byte[32];
    private byte[] bu;
    private int authenticatorOffset;

    @Setup
    public void buildBindingUpdate() {
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x40 + i);
        }
        bu = MobilityHeaderCodec.encode(WireFixtures.homeBindingUpdateWithMnHaAuthentication(SPI), WireFixtures.EXT);
        AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(bu, 0, bu.length,
                MnHaAuthentication.SUBTYPE_MN_HA, WireFixtures.EXT);
        if (at == null) {
            throw new IllegalStateException("fixture has no MN-HA authentication option");
        }
        authenticatorOffset = at.authenticatorOffset();
        computeAuthenticator();
        if (!verifyAuthenticator()) {
            throw new IllegalStateException("the authenticator just written does not verify");
        }
    }

    /** Writes the authenticator into the BU in place (the same value each time). */
    @Benchmark
    public byte[] computeAuthenticator() {
        MnHaAuthentication.authenticator(algorithm, key, careOfAddress, homeAddress, bu, 0, authenticatorOffset,
                bu, authenticatorOffset);
        return bu;
    }

    @Benchmark
    public boolean verifyAuthenticator() {
        return MnHaAuthentication.verify(algorithm, key, careOfAddress, homeAddress, bu, 0, authenticatorOffset,
                bu, authenticatorOffset);
    }
}
