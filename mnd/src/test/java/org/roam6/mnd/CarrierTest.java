package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the carrier from a directory laid out as /sys/class/net/IF. */
class CarrierTest {
    @Test
    void readsCarrierAndItsChangeCount(@TempDir Path dir) throws Exception {
        Carrier c = Carrier.sysfs(dir);
        Files.writeString(dir.resolve("carrier"), "1\n");
        Files.writeString(dir.resolve("carrier_changes"), "7\n");
        assertTrue(c.up());
        assertEquals(7, c.changes());
        Files.writeString(dir.resolve("carrier"), "0\n");
        assertFalse(c.up());
    }

    @Test
    void anUnreadableCarrierIsDown(@TempDir Path dir) {
        // the kernel answers EINVAL for the carrier of an interface that is administratively down
        Carrier c = Carrier.sysfs(dir);
        assertFalse(c.up());
        assertEquals(-1, c.changes());
    }

    @Test
    void theLoopbackOfThisMachineHasACarrier() {
        assertTrue(Carrier.sysfs("lo").up());
    }
}
