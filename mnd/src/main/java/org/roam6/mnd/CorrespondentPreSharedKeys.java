package org.roam6.mnd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The keys of the two-message, pre-shared-key Return Routability of the Mobility Agent design
 * (paper 003; the derivation is {@link org.roam6.crypto.PreSharedKeyRr}'s): one key per
 * correspondent address or prefix ({@code MnCnPreSharedKey}), shared with the Mobility Agent
 * that answers for those correspondents (its {@code MaPreSharedKey} line for this mobile node's
 * home address). A correspondent takes the key of the longest prefix that covers it.
 *
 * <p>Immutable; the keys are copied in and never shown ({@link #toString} lists the prefixes).
 */
public final class CorrespondentPreSharedKeys {

    /** No pre-shared keys: every correspondent gets the four-message Return Routability. */
    public static final CorrespondentPreSharedKeys NONE = new CorrespondentPreSharedKeys(List.of());

    /** One {@code MnCnPreSharedKey} line: the correspondents it covers and the key. */
    public record Key(Ipv6Prefix correspondents, byte[] key) {
        public Key {
            Objects.requireNonNull(correspondents, "correspondents");
            key = Objects.requireNonNull(key, "key").clone();
        }

        @Override
        public String toString() {
            return "Key[" + correspondents + "]";
        }
    }

    /** Longest prefix first, so the first match is the most specific. */
    private final List<Key> keys;

    public CorrespondentPreSharedKeys(List<Key> keys) {
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparingInt((Key k) -> k.correspondents().length()).reversed());
        this.keys = List.copyOf(sorted);
    }

    /** The key for {@code correspondent} (the longest covering prefix's), or null when none covers it. */
    public byte[] keyFor(Ipv6Address correspondent) {
        for (Key k : keys) {
            if (k.correspondents().contains(correspondent)) {
                return k.key();
            }
        }
        return null;
    }

    /** Whether no key is configured. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The correspondents' prefixes, longest first (for logs: never the keys). */
    public List<Ipv6Prefix> prefixes() {
        return keys.stream().map(Key::correspondents).toList();
    }

    @Override
    public String toString() {
        return "CorrespondentPreSharedKeys" + prefixes();
    }
}
