package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing UMIP's console answers (text as mip6d 1.0 prints it, escapes included). */
class UmipConsoleTest {

    static final String BC = "mip6d> \u001b[1;4mhoa 2001:db8:1:0:0:0:0:100\u001b[0m\u001b[1m status registered\u001b[0m\n"
            + " coa 2001:db8:a:0:52:36ff:fe00:1 flags AH--\n"
            + " local 2001:db8:1:0:0:0:0:13\n"
            + " lifetime 285 / 296 seq 63903 unreach 0 mpa - / 669 retry 0\n"
            + "mip6d>  ";

    @Test
    void aBindingCacheEntryGivesHomeAddressCareOfLifetimeAndSequence() {
        UmipConsole c = UmipConsole.parse(BC);
        assertEquals(1, c.entries().size());
        UmipConsole.Entry e = c.of("2001:db8:1::100");
        assertEquals("registered", e.status());
        assertEquals("2001:db8:a:0:52:36ff:fe00:1", e.careOf());
        assertEquals("AH--", e.flags());
        assertEquals("2001:db8:1::13", e.peer());
        assertEquals(285, e.lifetimeLeft());
        assertEquals(296, e.lifetime());
        assertEquals(63903, e.sequence());
    }

    @Test
    void anEmptyCacheHasNoEntries() {
        assertTrue(UmipConsole.parse("mip6d> mip6d>  ").entries().isEmpty());
        assertNull(UmipConsole.parse("mip6d> ").of("2001:db8:1::100"));
    }

    @Test
    void twoEntriesAreTwo() {
        UmipConsole c = UmipConsole.parse(BC + BC.replace("0:0:0:0:100", "0:0:0:0:101").replace("63903", "7"));
        assertEquals(2, c.entries().size());
        assertEquals(7, c.of("2001:db8:1::101").sequence());
    }

    static final String BUL = "mip6d> == BUL_ENTRY ==\n"
            + "Home address    2001:db8:1:0:0:0:0:101\n"
            + "Care-of address 2001:db8:a:0:52:36ff:fe00:101\n"
            + "CN address      2001:db8:1:0:0:0:0:11\n"
            + " lifetime = 292,  delay = 277000\n"
            + " flags: IP6_MH_BU_HOME IP6_MH_BU_ACK \n"
            + " ack ready\n"
            + " lifetime 258 / 292 seq 21568 resend 0 delay 277(after 243s)\n"
            + " mps -1795478064 / 262\n"
            + "mip6d> ";

    @Test
    void aBindingUpdateListEntryGivesHomeAgentCareOfLifetimeAndSequence() {
        UmipConsole.Entry e = UmipConsole.parse(BUL).of("2001:db8:1::101");
        assertEquals("2001:db8:a:0:52:36ff:fe00:101", e.careOf());
        assertEquals("2001:db8:1::11", e.peer());
        assertEquals("IP6_MH_BU_HOME IP6_MH_BU_ACK", e.flags());
        assertEquals("ack ready", e.status());
        assertEquals(258, e.lifetimeLeft());
        assertEquals(292, e.lifetime());
        assertEquals(21568, e.sequence());
    }
}
