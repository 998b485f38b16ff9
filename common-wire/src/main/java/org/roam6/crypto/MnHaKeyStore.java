package org.roam6.crypto;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roam6.wire.Ipv6Address;

/**
 * The MN-HA keys a home agent (or a mobile node) holds, looked up by SPI (on receipt: the SPI in
 * the authentication option) and by home address (on sending: the key to use for a mobile node).
 *
 * <p>Reads take an immutable snapshot from a volatile field: no lock and no allocation (SPIs are
 * searched in a sorted {@code int[]}). Changes, which come from configuration, copy the snapshot.
 * When several keys share a home address (a key roll-over), {@link #byHomeAddress} gives the
 * most recently added one and all of them verify.
 */
public final class MnHaKeyStore {

    /** The outcome of {@link #verify}. */
    public enum Verdict {
        /** The authenticator verifies under the key the SPI names, which belongs to the home address. */
        AUTHENTIC,
        /** No key has this SPI. */
        UNKNOWN_SPI,
        /** The SPI names a key of another home address. */
        WRONG_HOME_ADDRESS,
        /** The authenticator does not verify. */
        BAD_AUTHENTICATOR;

        /** The Binding Acknowledgement status a home agent answers with: 0 or 146 (RFC 4285 8). */
        public int bindingAckStatus() {
            return this == AUTHENTIC ? 0 : MnHaAuthentication.STATUS_AUTH_FAIL;
        }
    }

    private record Snapshot(int[] spis, MnHaKey[] keys, Map<Ipv6Address, MnHaKey> byHome) {}

    private volatile Snapshot snapshot = new Snapshot(new int[0], new MnHaKey[0], Map.of());

    public MnHaKeyStore() {}

    /**
     * A store holding {@code keys}, built in one step (linear after the sort, where adding them
     * one by one with {@link #put} copies the table each time). As with {@code put} in this
     * order, a later key replaces an earlier one with the same SPI and becomes its home
     * address's key.
     */
    public MnHaKeyStore(Collection<MnHaKey> keys) {
        Map<Integer, MnHaKey> bySpi = new HashMap<>();
        Map<Ipv6Address, MnHaKey> byHome = new HashMap<>();
        for (MnHaKey k : keys) {
            bySpi.put(k.spi(), k);
            byHome.put(k.homeAddress(), k);
        }
        MnHaKey[] sorted = bySpi.values().toArray(new MnHaKey[0]);
        Arrays.sort(sorted, (x, y) -> Integer.compare(x.spi(), y.spi()));
        int[] spis = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            spis[i] = sorted[i].spi();
        }
        snapshot = new Snapshot(spis, sorted, Map.copyOf(byHome));
    }

    /** The key with this SPI, or null. */
    public MnHaKey bySpi(int spi) {
        Snapshot s = snapshot;
        int i = Arrays.binarySearch(s.spis, spi);
        return i >= 0 ? s.keys[i] : null;
    }

    /** The key to use for this home address (the most recently added), or null. */
    public MnHaKey byHomeAddress(Ipv6Address homeAddress) {
        return snapshot.byHome.get(homeAddress);
    }

    /** Adds a key, replacing one with the same SPI. */
    public synchronized void put(MnHaKey key) {
        Snapshot s = snapshot;
        int i = Arrays.binarySearch(s.spis, key.spi());
        int[] spis;
        MnHaKey[] keys;
        if (i >= 0) {
            spis = s.spis.clone();
            keys = s.keys.clone();
            keys[i] = key;
        } else {
            int at = -i - 1;
            spis = new int[s.spis.length + 1];
            keys = new MnHaKey[s.keys.length + 1];
            System.arraycopy(s.spis, 0, spis, 0, at);
            System.arraycopy(s.keys, 0, keys, 0, at);
            spis[at] = key.spi();
            keys[at] = key;
            System.arraycopy(s.spis, at, spis, at + 1, s.spis.length - at);
            System.arraycopy(s.keys, at, keys, at + 1, s.keys.length - at);
        }
        Map<Ipv6Address, MnHaKey> byHome = new HashMap<>(s.byHome);
        byHome.put(key.homeAddress(), key);
        snapshot = new Snapshot(spis, keys, Map.copyOf(byHome));
    }

    /** Removes the key with this SPI; returns it, or null if there was none. */
    public synchronized MnHaKey remove(int spi) {
        Snapshot s = snapshot;
        int i = Arrays.binarySearch(s.spis, spi);
        if (i < 0) {
            return null;
        }
        MnHaKey gone = s.keys[i];
        int[] spis = new int[s.spis.length - 1];
        MnHaKey[] keys = new MnHaKey[s.keys.length - 1];
        System.arraycopy(s.spis, 0, spis, 0, i);
        System.arraycopy(s.keys, 0, keys, 0, i);
        System.arraycopy(s.spis, i + 1, spis, i, spis.length - i);
        System.arraycopy(s.keys, i + 1, keys, i, keys.length - i);
        Map<Ipv6Address, MnHaKey> byHome = new HashMap<>(s.byHome);
        if (byHome.get(gone.homeAddress()) == gone) {
            byHome.remove(gone.homeAddress());
            for (int k = keys.length - 1; k >= 0; k--) { // fall back to another key of that address
                if (keys[k].homeAddress().equals(gone.homeAddress())) {
                    byHome.put(gone.homeAddress(), keys[k]);
                    break;
                }
            }
        }
        snapshot = new Snapshot(spis, keys, Map.copyOf(byHome));
        return gone;
    }

    /** All keys, ordered by SPI (signed order). */
    public List<MnHaKey> keys() {
        return List.of(snapshot.keys);
    }

    /**
     * Checks the authentication option of a received message: the key named by {@code spi} must
     * exist and belong to {@code homeAddress}, and the 12 bytes at {@code auth[authOff]} must be
     * the authenticator of {@code mh[off .. off+len)} (MH Data up to and including the SPI).
     */
    public Verdict verify(int spi, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                          byte[] mh, int off, int len, byte[] auth, int authOff) {
        MnHaKey key = bySpi(spi);
        if (key == null) {
            return Verdict.UNKNOWN_SPI;
        }
        if (!key.homeAddress().equals(homeAddress)) {
            return Verdict.WRONG_HOME_ADDRESS;
        }
        return MnHaAuthentication.verify(key.algorithm(), key.secret(), careOfAddress, homeAddress,
                mh, off, len, auth, authOff) ? Verdict.AUTHENTIC : Verdict.BAD_AUTHENTICATOR;
    }
}
