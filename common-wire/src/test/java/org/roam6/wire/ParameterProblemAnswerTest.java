package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.roam6.wire.icmp.ParameterProblem;

class ParameterProblemAnswerTest {

    @Test
    void unrecognisedHomeAddressOptionIsAnsweredWithCode2PointingAtTheOptionType() {
        // a Home Address option in a Hop-by-Hop header is unknown there, action bits 11
        byte[] p = PacketFixtures.buWithHomeAddressOption();
        p[6] = IpProtocol.HOP_BY_HOP;
        byte[] buf = new byte[p.length + 4];
        System.arraycopy(p, 0, buf, 4, p.length);
        Ipv6Packet w = new Ipv6Packet();
        WireError e = w.parse(buf, 4, p.length);
        ParameterProblem pp = ParameterProblem.answering(e, buf, 4, p.length);
        assertEquals(ParameterProblem.CODE_UNRECOGNIZED_OPTION, pp.code());
        assertEquals(46, pp.pointer(), "RFC 8200 4.2: pointer at the Option Type in the packet");
        assertEquals(p.length, pp.invokingPacket().length());
        assertEquals(0x60, pp.invokingPacket().get(0));
    }

    @Test
    void badRoutingHeaderLengthIsAnsweredWithCode0() {
        byte[] p = PacketFixtures.baWithRoutingHeader();
        p[41] = 4;
        WireError e = new Ipv6Packet().parse(p, 0, p.length);
        ParameterProblem pp = ParameterProblem.answering(e, p, 0, p.length);
        assertEquals(ParameterProblem.CODE_ERRONEOUS_HEADER_FIELD, pp.code());
        assertEquals(41, pp.pointer());
    }

    @Test
    void silentlyDiscardedFaultsGetNoAnswer() {
        byte[] p = PacketFixtures.buWithHomeAddressOption();
        WireError e = new Ipv6Packet().parse(p, 0, p.length - 1);
        assertNull(ParameterProblem.answering(e, p, 0, p.length - 1));
    }

    @Test
    void invokingPacketIsCutSoTheAnswerFitsTheMinimumMtu() {
        byte[] big = new byte[2000];
        WireError e = new WireError("Option Type", 42, WireError.Reason.UNKNOWN_TYPE, "x",
                WireError.Answer.PARAMETER_PROBLEM_OPTION);
        ParameterProblem pp = ParameterProblem.answering(e, big, 0, big.length);
        assertEquals(1280 - 40 - 8, pp.invokingPacket().length());
    }
}
