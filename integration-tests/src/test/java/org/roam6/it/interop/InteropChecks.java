package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.roam6.it.testbed.JsonLines;

/** What the interop scenarios check with: bounded waits, tshark rows, flags and addresses. */
final class InteropChecks {

    private InteropChecks() {
    }

    static List<String[]> awaitRows(Path pcap, String filter, String... fields) {
        List<List<String[]>> box = new ArrayList<>();
        await(() -> {
            List<String[]> r = Tshark.rows(pcap, filter, fields);
            box.clear();
            box.add(r);
            return !r.isEmpty();
        }, Duration.ofSeconds(10));
        assertFalse(box.isEmpty() || box.get(0).isEmpty(), "no packet in " + pcap.getFileName() + " for " + filter);
        return box.get(0);
    }

    static int awaitCount(Path pcap, String filter) {
        int[] n = new int[1];
        await(() -> (n[0] = Tshark.count(pcap, filter)) > 10, Duration.ofSeconds(10));
        return n[0];
    }

    static boolean isFalse(String flag) {
        return flag == null || flag.isEmpty() || flag.equals("0") || flag.equalsIgnoreCase("false");
    }

    static boolean await(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    static JsonNode lastJson(String output) throws Exception {
        return JsonLines.last(output);
    }

    static String norm(String address) {
        return UmipConsole.norm(address);
    }

    static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }

    /**
     * Starts UMIP's mobile node in a guest on the home link and waits until it has put
     * {@code homeAddress} on the link and found itself at home. Moved before it has seen the home
     * link's router, UMIP takes the home link's SLAAC address for its care-of address on the new
     * link, and its Binding Updates never arrive.
     */
    static void startUmipMobileNodeAtHome(UmipGuest guest, String mip6dConf, String homeAddress) {
        guest.run("""
                echo 1 > /proc/sys/net/ipv6/conf/eth0/autoconf
                ip link set eth0 up
                sleep 2
                """).requireOk();
        guest.startMip6d(mip6dConf);
        org.junit.jupiter.api.Assertions.assertTrue(await(() -> guest.run("ip -6 addr | grep -q '" + homeAddress + "/'").ok(),
                Duration.ofSeconds(30)), () -> "UMIP puts the home address on the home link: " + guest.run("ip -6 addr").output());
        org.junit.jupiter.api.Assertions.assertTrue(await(() -> guest.mip6dLog().contains("in home net"), Duration.ofSeconds(30)),
                () -> "UMIP finds itself at home: " + tail(guest.mip6dLog()));
    }
}
