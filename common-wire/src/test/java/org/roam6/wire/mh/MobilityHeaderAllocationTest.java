package org.roam6.wire.mh;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityOption.AlternateCareOfAddress;
import org.roam6.wire.mh.MobilityOption.MobileNodeIdentifier;
import org.roam6.wire.mh.MobilityOption.MultipleHomeAgents;
import org.roam6.wire.mh.MobilityOption.UnknownOption;

/**
 * The hot path (validate, then read fields and options through the flyweights) allocates
 * nothing. Measured with the JVM's per-thread allocation counter, not with a clock.
 */
class MobilityHeaderAllocationTest {

    @Test
    void validatingAndReadingABindingUpdateAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean hs = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(hs.isThreadAllocatedMemorySupported() && hs.isThreadAllocatedMemoryEnabled());

        Ipv6Address ha = Ipv6Address.parse("2001:db8::1");
        byte[] b = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(1,
                BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.DEFAULT_FLAG_M, 105, List.of(
                        MobileNodeIdentifier.nai("mn@example.org"),
                        new UnknownOption(200, new byte[5]),
                        new MultipleHomeAgents(List.of(ha, ha)),
                        new AlternateCareOfAddress(ha))), MobilityExtensions.DEFAULT);
        MobilityHeader mh = new MobilityHeader();
        BindingUpdate bu = new BindingUpdate();
        MobilityOptions it = new MobilityOptions();
        MobilityExtensions ext = MobilityExtensions.DEFAULT;

        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up, so class loading is over
            sink += readAll(b, mh, bu, it, ext);
        }
        long before = hs.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            sink += readAll(b, mh, bu, it, ext);
        }
        long allocated = hs.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(sink != 0);
        // a few bytes of slack for the counter's own bookkeeping; one object per call would be >= 1.6 MB
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 100000 validations");
    }

    private static long readAll(byte[] b, MobilityHeader mh, BindingUpdate bu, MobilityOptions it, MobilityExtensions ext) {
        mh.wrap(b, 0, b.length);
        assertNull(mh.validate(ext));
        bu.wrap(b, 0);
        long s = bu.sequence() + bu.lifetimeUnits() + (bu.multipleHomeAgents(ext) ? 1 : 0);
        mh.options(it);
        while (it.next()) {
            s += it.type() + it.length();
            if (it.type() == MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS) {
                s += it.alternateCareOfAddressHi() ^ it.alternateCareOfAddressLo();
            } else if (it.type() == ext.multiHaOptionType()) {
                for (int i = 0; i < it.homeAgentCount(); i++) {
                    s += it.homeAgentLo(i);
                }
            }
        }
        return s;
    }
}
