package org.roam6.it.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roam6.wire.Ipv6Address;

/**
 * UMIP's console answers to {@code bc} and {@code bul}, parsed: one entry per home address,
 * e.g. (the terminal's bold/underline escapes removed)
 * <pre>
 * hoa 2001:db8:1:0:0:0:0:100 status registered
 *  coa 2001:db8:a:0:52:36ff:fe00:1 flags AH--
 *  local 2001:db8:1:0:0:0:0:13
 *  lifetime 285 / 296 seq 63903 unreach 0 mpa - / 669 retry 0
 * </pre>
 */
record UmipConsole(List<Entry> entries) {

    /** One binding (bc) or Binding Update List entry (bul); addresses in roam6's canonical form. */
    record Entry(String homeAddress, String status, String careOf, String flags, String peer, int lifetimeLeft,
                 int lifetime, int sequence) {
    }

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Pattern HOA = Pattern.compile("hoa (\\S+)(?: status (\\S+))?");
    private static final Pattern COA = Pattern.compile("coa (\\S+)(?: flags (\\S+))?");
    private static final Pattern PEER = Pattern.compile("(?:local|ha|cn|dst) (\\S+)");
    private static final Pattern LIFE = Pattern.compile("(?:expires|lifetime) (\\d+) / (\\d+) seq (\\d+)");

    static UmipConsole parse(String text) {
        String plain = ANSI.matcher(text).replaceAll("");
        List<Entry> out = new ArrayList<>();
        String[] chunks = plain.split("(?=hoa )");
        for (String c : chunks) {
            Matcher h = HOA.matcher(c);
            if (!c.startsWith("hoa ") || !h.lookingAt()) {
                continue;
            }
            Matcher co = COA.matcher(c);
            Matcher p = PEER.matcher(c);
            Matcher l = LIFE.matcher(c);
            boolean life = l.find();
            boolean hasCoa = co.find();
            out.add(new Entry(norm(h.group(1)), h.group(2), hasCoa ? norm(co.group(1)) : null,
                    hasCoa ? co.group(2) : null, p.find() ? norm(p.group(1)) : null,
                    life ? Integer.parseInt(l.group(1)) : -1, life ? Integer.parseInt(l.group(2)) : -1,
                    life ? Integer.parseInt(l.group(3)) : -1));
        }
        return new UmipConsole(List.copyOf(out));
    }

    /** The entry of {@code homeAddress}, or null. */
    Entry of(String homeAddress) {
        String want = norm(homeAddress);
        return entries.stream().filter(e -> e.homeAddress().equals(want)).findFirst().orElse(null);
    }

    static String norm(String address) {
        try {
            return Ipv6Address.parse(address).toString();
        } catch (RuntimeException e) {
            return address;
        }
    }
}
