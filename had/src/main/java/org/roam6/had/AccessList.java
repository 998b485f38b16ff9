package org.roam6.had;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roam6.runtime.config.ConfigEntry;
import org.roam6.runtime.config.ConfigSection;
import org.roam6.runtime.config.UmipKeywords;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The per-home-address access list of UMIP's {@code BindingAclPolicy} and
 * {@code DefaultBindingAclPolicy}: which mobile nodes may register, with which BA status the
 * others are refused, and which mobile network prefixes a mobile router may register
 * (RFC 3963 6.1.2).
 *
 * <p>Status mapping, as UMIP's: {@code allow} is 0, {@code deny} is 129 (administratively
 * prohibited); a number is answered as written (for example {@code BindingAclPolicy
 * 2001:db8:1::100 133;} to say "not home agent for this mobile node"). The prefix list written
 * after the address, {@code BindingAclPolicy 2001:db8:1::200 (2001:db8:10:1::/64) allow;}, is
 * the set of prefixes that mobile router is authorised for: a registered prefix must lie inside
 * one of them, else status 142 (not authorised for prefix).
 */
public final class AccessList {

    /** One {@code BindingAclPolicy} line. */
    public record Entry(Ipv6Address homeAddress, List<Ipv6Prefix> prefixes, int status) {
        public Entry {
            prefixes = List.copyOf(prefixes);
        }
    }

    private final Map<Ipv6Address, Entry> entries;
    private final int defaultStatus;

    public AccessList(List<Entry> entries, int defaultStatus) {
        Map<Ipv6Address, Entry> m = new HashMap<>();
        for (Entry e : entries) {
            m.put(e.homeAddress(), e);
        }
        this.entries = Map.copyOf(m);
        this.defaultStatus = defaultStatus;
    }

    /** From {@code BindingAclPolicy} and {@code DefaultBindingAclPolicy} (default allow, as UMIP). */
    static AccessList from(ConfigSection c) {
        List<Entry> list = c.all("BindingAclPolicy").stream().map(AccessList::entry).toList();
        return new AccessList(list, c.optional("DefaultBindingAclPolicy", Integer.class)
                .orElse(UmipKeywords.STATUS_ACCEPTED));
    }

    @SuppressWarnings("unchecked")
    private static Entry entry(ConfigEntry e) {
        List<Ipv6Prefix> prefixes = e.arg(1, List.class);
        return new Entry(e.arg(0, Ipv6Address.class), prefixes == null ? List.of() : prefixes, e.arg(2, Integer.class));
    }

    /** The BA status a Binding Update for {@code homeAddress} gets from the list: 0 to go on, else the refusal. */
    public int status(Ipv6Address homeAddress) {
        Entry e = entries.get(homeAddress);
        return e != null ? e.status() : defaultStatus;
    }

    /** Whether the mobile router with {@code homeAddress} may register {@code prefix} (RFC 3963 6.1.2). */
    public boolean authorisedFor(Ipv6Address homeAddress, Ipv6Prefix prefix) {
        Entry e = entries.get(homeAddress);
        if (e == null) {
            return false;
        }
        for (Ipv6Prefix p : e.prefixes()) {
            if (p.length() <= prefix.length() && p.contains(prefix.address())) {
                return true;
            }
        }
        return false;
    }

    /** The prefixes the access list authorises for {@code homeAddress} (empty when none). */
    public List<Ipv6Prefix> prefixesOf(Ipv6Address homeAddress) {
        Entry e = entries.get(homeAddress);
        return e == null ? List.of() : e.prefixes();
    }

    public int defaultStatus() {
        return defaultStatus;
    }
}
