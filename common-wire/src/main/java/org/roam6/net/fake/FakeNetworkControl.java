package org.roam6.net.fake;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.UndoJournal;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * An in-memory {@link NetworkControl} that keeps the kernel state as sets of lines (the same
 * wording as {@link #installed()}) and undoes through the same {@link UndoJournal} as the real
 * one, so tests can assert what protocol code installed and that close() removed it.
 * {@link #failNext} makes the next change fail, to test error paths.
 */
public final class FakeNetworkControl implements NetworkControl {
    private final String table;
    private volatile String tableDeclarations = "";
    private final UndoJournal journal = new UndoJournal();
    private final Set<String> state = new LinkedHashSet<>();
    private final Map<String, String> sysctls = new HashMap<>();
    private final Map<String, Integer> links = new HashMap<>();
    private NetException nextFailure;

    public FakeNetworkControl(String daemonName) {
        this.table = "roam6_" + daemonName.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The next change throws {@code e} instead of taking effect. */
    public synchronized void failNext(NetException e) {
        nextFailure = e;
    }

    private void maybeFail() throws NetException {
        NetException e = nextFailure;
        nextFailure = null;
        if (e != null) {
            throw e;
        }
    }

    /** True when {@code line} (e.g. {@code "route 2001:db8::1/128 dev tun0"}) is in the fake kernel. */
    public synchronized boolean has(String line) {
        return state.contains(line);
    }

    /** The fake kernel's state lines (not sysctls). */
    public synchronized Set<String> state() {
        return new LinkedHashSet<>(state);
    }

    /** The MTU a link was brought up with, or null if it was not. */
    public synchronized Integer linkMtu(String device) {
        return links.get(device);
    }

    @Override
    public synchronized void linkUp(String device, int mtu) throws NetException {
        maybeFail();
        links.put(device, mtu);
    }

    @Override
    public synchronized int interfaceIndex(String device) {
        return Math.abs(device.hashCode() % 1000) + 2;
    }

    private synchronized void add(String line) throws NetException {
        maybeFail();
        if (state.add(line)) {
            journal.record(line, () -> {
                synchronized (this) {
                    state.remove(line);
                }
            });
        }
    }

    private void remove(String line) throws NetException {
        if (!journal.undo(line)) {
            synchronized (this) {
                state.remove(line);
            }
        }
    }

    @Override
    public void addAddress(String device, Ipv6Address address, int prefixLength, boolean nodad) throws NetException {
        add("address " + address + "/" + prefixLength + " dev " + device);
    }

    @Override
    public void removeAddress(String device, Ipv6Address address, int prefixLength) throws NetException {
        remove("address " + address + "/" + prefixLength + " dev " + device);
    }

    @Override
    public void addRoute(Ipv6Prefix destination, String device, Ipv6Address gateway, int table) throws NetException {
        add("route " + destination + " dev " + device + (table != 0 ? " table " + table : ""));
    }

    @Override
    public void removeRoute(Ipv6Prefix destination, String device, int table) throws NetException {
        remove("route " + destination + " dev " + device + (table != 0 ? " table " + table : ""));
    }

    @Override
    public void addSourceRule(Ipv6Prefix source, int table, int priority) throws NetException {
        add("rule from " + source + " table " + table + " priority " + priority);
    }

    @Override
    public void removeSourceRule(Ipv6Prefix source, int table, int priority) throws NetException {
        remove("rule from " + source + " table " + table + " priority " + priority);
    }

    @Override
    public void addProxyNeighbour(Ipv6Address address, String device) throws NetException {
        add("proxy neighbour " + address + " dev " + device);
    }

    @Override
    public void removeProxyNeighbour(Ipv6Address address, String device) throws NetException {
        remove("proxy neighbour " + address + " dev " + device);
    }

    @Override
    public synchronized void setSysctl(String key, String value) throws NetException {
        maybeFail();
        String previous = sysctls.getOrDefault(key, "0");
        sysctls.put(key, value);
        if (!previous.equals(value)) {
            journal.record("sysctl " + key, () -> {
                synchronized (this) {
                    sysctls.put(key, previous);
                }
            });
        }
    }

    @Override
    public synchronized String sysctl(String key) {
        return sysctls.getOrDefault(key, "0");
    }

    @Override
    public void dropKernelParameterProblems() throws NetException {
        add("nftables table ip6 " + table);
    }

    @Override
    public void installTable(String declarations) throws NetException {
        add("nftables table ip6 " + table);
        this.tableDeclarations = declarations;
    }

    /** What the last {@link #installTable} was given. */
    public String tableDeclarations() {
        return tableDeclarations;
    }

    @Override
    public void addSetElement(String set, String element) throws NetException {
        add("set " + set + " element " + element);
    }

    @Override
    public void removeSetElement(String set, String element) throws NetException {
        remove("set " + set + " element " + element);
    }

    @Override
    public void addMarkRule(int mark, int table, int priority) throws NetException {
        add("rule fwmark 0x" + Integer.toHexString(mark) + " table " + table + " priority " + priority);
    }

    @Override
    public String nftablesTable() {
        return table;
    }

    @Override
    public List<String> installed() {
        return journal.keys();
    }

    @Override
    public void close() {
        journal.undoAll();
    }
}
