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

    private static final Pattern BUL_HOA = Pattern.compile("Home address\\s+(\\S+)");
    private static final Pattern BUL_COA = Pattern.compile("Care-of address\\s+(\\S+)");
    private static final Pattern BUL_PEER = Pattern.compile("CN address\\s+(\\S+)");
    private static final Pattern BUL_FLAGS = Pattern.compile("flags: ([A-Z0-9_ ]+)");

    static UmipConsole parse(String text) {
        String plain = ANSI.matcher(text).replaceAll("");
        if (plain.contains("== BUL_ENTRY ==")) {
            return parseBul(plain);
        }
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

    /**
     * {@code bul}: blocks such as
     * <pre>
     * == BUL_ENTRY ==
     * Home address    2001:db8:1:0:0:0:0:101
     * Care-of address 2001:db8:a:0:52:36ff:fe00:101
     * CN address      2001:db8:1:0:0:0:0:11
     *  lifetime = 292,  delay = 277000
     *  flags: IP6_MH_BU_HOME IP6_MH_BU_ACK
     *  ack ready
     *  lifetime 258 / 292 seq 21568 resend 0 delay 277(after 243s)
     * </pre>
     * (the status is the line after the flags, e.g. "ack ready").
     */
    private static UmipConsole parseBul(String plain) {
        List<Entry> out = new ArrayList<>();
        for (String c : plain.split("== BUL_ENTRY ==")) {
            Matcher h = BUL_HOA.matcher(c);
            if (!h.find()) {
                continue;
            }
            Matcher co = BUL_COA.matcher(c);
            Matcher p = BUL_PEER.matcher(c);
            Matcher f = BUL_FLAGS.matcher(c);
            Matcher l = LIFE.matcher(c);
            boolean life = l.find();
            String status = null;
            String[] lines = c.split("\n");
            for (int i = 0; i < lines.length - 1; i++) {
                if (lines[i].strip().startsWith("flags:")) {
                    status = lines[i + 1].strip();
                }
            }
            out.add(new Entry(norm(h.group(1)), status, co.find() ? norm(co.group(1)) : null,
                    f.find() ? f.group(1).strip() : null, p.find() ? norm(p.group(1)) : null,
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
