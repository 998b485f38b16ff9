package org.roam6.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NetworkControl} by running iproute2 ({@code ip}), {@code sysctl} and {@code nft} as
 * argument lists with a time limit, optionally inside a named network namespace. Each change is
 * journaled with the command that takes it back; {@link #close()} runs them newest first and is
 * also registered as a JVM shutdown hook, so SIGTERM leaves nothing behind. (SIGKILL cannot be
 * caught: then the nftables table {@code roam6_<name>} and routes stay until the next start,
 * which replaces the table.)
 */
public final class CommandNetworkControl implements NetworkControl {
    private static final Logger LOG = LoggerFactory.getLogger(CommandNetworkControl.class);
    private static final long TIMEOUT_MILLIS = 10_000;

    private final CommandRunner run;
    private final String table;
    private final UndoJournal journal = new UndoJournal();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /**
     * @param daemonName names the nftables table {@code roam6_<daemonName>} (characters other than
     *                   letters, digits and '_' become '_')
     * @param namespace  network namespace to act in, or null for the current one
     */
    public CommandNetworkControl(String daemonName, String namespace) {
        this.run = new CommandRunner(namespace, TIMEOUT_MILLIS);
        this.table = "roam6_" + daemonName.replaceAll("[^A-Za-z0-9_]", "_");
        this.shutdownHook = new Thread(this::close, "roam6-undo-" + daemonName);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public CommandRunner runner() {
        return run;
    }

    @Override
    public void linkUp(String device, int mtu) throws NetException {
        List<String> cmd = new ArrayList<>(List.of("ip", "link", "set", "dev", device));
        if (mtu > 0) {
            cmd.addAll(List.of("mtu", Integer.toString(mtu)));
        }
        cmd.add("up");
        run.check(cmd, null);
    }

    @Override
    public int interfaceIndex(String device) throws NetException {
        String json = run.check("ip", "-j", "link", "show", "dev", device);
        try {
            JsonNode n = new ObjectMapper().readTree(json);
            return n.get(0).get("ifindex").asInt();
        } catch (IOException | NullPointerException e) {
            throw new NetException("ip -j link show dev " + device, "unexpected output '" + json + "'", e);
        }
    }

    @Override
    public void addAddress(String device, Ipv6Address address, int prefixLength, boolean nodad) throws NetException {
        String a = address + "/" + prefixLength;
        List<String> cmd = new ArrayList<>(List.of("ip", "-6", "addr", "add", a, "dev", device));
        if (nodad) {
            cmd.add("nodad");
        }
        if (addUnlessExists(cmd)) {
            journal.record(addressKey(device, a), () -> deleteIgnoringAbsent(List.of("ip", "-6", "addr", "del", a, "dev", device)));
        }
    }

    @Override
    public void removeAddress(String device, Ipv6Address address, int prefixLength) throws NetException {
        String a = address + "/" + prefixLength;
        if (!journal.undo(addressKey(device, a))) {
            deleteIgnoringAbsent(List.of("ip", "-6", "addr", "del", a, "dev", device));
        }
    }

    private static String addressKey(String device, String a) {
        return "address " + a + " dev " + device;
    }

    @Override
    public void addRoute(Ipv6Prefix destination, String device, Ipv6Address gateway, int table) throws NetException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-6", "route", "replace", destination.toString()));
        if (gateway != null) {
            cmd.addAll(List.of("via", gateway.toString()));
        }
        cmd.addAll(List.of("dev", device));
        List<String> tableArgs = table != 0 ? List.of("table", Integer.toString(table)) : List.of();
        cmd.addAll(tableArgs);
        run.check(cmd, null);
        List<String> del = new ArrayList<>(List.of("ip", "-6", "route", "del", destination.toString(), "dev", device));
        del.addAll(tableArgs);
        journal.record(routeKey(destination, device, table), () -> deleteIgnoringAbsent(del));
    }

    @Override
    public void removeRoute(Ipv6Prefix destination, String device, int table) throws NetException {
        if (!journal.undo(routeKey(destination, device, table))) {
            List<String> del = new ArrayList<>(List.of("ip", "-6", "route", "del", destination.toString(), "dev", device));
            if (table != 0) {
                del.addAll(List.of("table", Integer.toString(table)));
            }
            deleteIgnoringAbsent(del);
        }
    }

    private static String routeKey(Ipv6Prefix destination, String device, int table) {
        return "route " + destination + " dev " + device + (table != 0 ? " table " + table : "");
    }

    @Override
    public void addSourceRule(Ipv6Prefix source, int table, int priority) throws NetException {
        addRule(List.of("from", source.toString(), "table", Integer.toString(table), "priority", Integer.toString(priority)),
                ruleKey(source, table, priority));
    }

    /** {@code ip -6 rule add <spec>}, journaled under {@code key} with its {@code del}; an existing rule is left alone. */
    private void addRule(List<String> spec, String key) throws NetException {
        List<String> add = new ArrayList<>(List.of("ip", "-6", "rule", "add"));
        add.addAll(spec);
        if (addUnlessExists(add)) {
            List<String> del = new ArrayList<>(List.of("ip", "-6", "rule", "del"));
            del.addAll(spec);
            journal.record(key, () -> deleteIgnoringAbsent(del));
        }
    }

    @Override
    public void removeSourceRule(Ipv6Prefix source, int table, int priority) throws NetException {
        if (!journal.undo(ruleKey(source, table, priority))) {
            deleteIgnoringAbsent(List.of("ip", "-6", "rule", "del", "from", source.toString(), "table",
                    Integer.toString(table), "priority", Integer.toString(priority)));
        }
    }

    private static String ruleKey(Ipv6Prefix source, int table, int priority) {
        return "rule from " + source + " table " + table + " priority " + priority;
    }

    @Override
    public void addProxyNeighbour(Ipv6Address address, String device) throws NetException {
        run.check(List.of("ip", "-6", "neigh", "replace", "proxy", address.toString(), "dev", device), null);
        journal.record(proxyKey(address, device), () -> deleteIgnoringAbsent(
                List.of("ip", "-6", "neigh", "del", "proxy", address.toString(), "dev", device)));
    }

    @Override
    public void removeProxyNeighbour(Ipv6Address address, String device) throws NetException {
        if (!journal.undo(proxyKey(address, device))) {
            deleteIgnoringAbsent(List.of("ip", "-6", "neigh", "del", "proxy", address.toString(), "dev", device));
        }
    }

    private static String proxyKey(Ipv6Address address, String device) {
        return "proxy neighbour " + address + " dev " + device;
    }

    @Override
    public void setSysctl(String key, String value) throws NetException {
        if (!key.matches("[A-Za-z0-9_.\\-/]+")) {
            throw new IllegalArgumentException("sysctl key '" + key + "'");
        }
        String previous = sysctl(key);
        run.check("sysctl", "-q", "-w", key + "=" + value);
        if (!previous.equals(value)) {
            journal.record("sysctl " + key, () -> run.check("sysctl", "-q", "-w", key + "=" + previous));
        }
    }

    @Override
    public String sysctl(String key) throws NetException {
        return run.check("sysctl", "-n", key).trim();
    }

    @Override
    public void dropKernelParameterProblems() throws NetException {
        installTable("");
    }

    @Override
    public void installTable(String declarations) throws NetException {
        // declaring then deleting makes a stale table (left by SIGKILL) go away before the new one
        String script = "table ip6 " + table + " {}\n"
                + "delete table ip6 " + table + "\n"
                + "table ip6 " + table + " {\n"
                + declarations
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    meta mark != " + String.format("0x%08x", OWN_PACKET_MARK)
                + " icmpv6 type parameter-problem counter drop\n"
                + "  }\n"
                + "}\n";
        run.check(List.of("nft", "-f", "-"), script);
        journal.record("nftables table ip6 " + table, () -> deleteIgnoringAbsent(List.of("nft", "delete", "table", "ip6", table)));
    }

    @Override
    public void addSetElement(String set, String element) throws NetException {
        run.check(setElementCommand("add", set, element), null);
    }

    @Override
    public void removeSetElement(String set, String element) throws NetException {
        deleteIgnoringAbsent(setElementCommand("delete", set, element));
    }

    private List<String> setElementCommand(String verb, String set, String element) {
        if (!set.matches("[A-Za-z0-9_]+") || !element.matches("[0-9A-Fa-f:. /]+")) {
            throw new IllegalArgumentException("nftables set '" + set + "' element '" + element + "'");
        }
        return List.of("nft", verb, "element", "ip6", table, set, "{ " + element + " }");
    }

    @Override
    public void addMarkRule(int mark, int table, int priority) throws NetException {
        List<String> spec = List.of("fwmark", String.format("0x%x", mark), "table", Integer.toString(table),
                "priority", Integer.toString(priority));
        addRule(spec, "rule " + String.join(" ", spec));
    }

    /** Packets the Parameter Problem rule has dropped so far (its nftables counter), -1 when not installed. */
    public long parameterProblemsDropped() throws NetException {
        CommandRunner.Result r = run.run(List.of("nft", "list", "table", "ip6", table), null);
        if (!r.ok()) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(r.stdout());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Override
    public String nftablesTable() {
        return table;
    }

    @Override
    public List<String> installed() {
        return journal.keys();
    }

    /** Runs an add command; returns false (nothing to undo) when the thing already existed. */
    private boolean addUnlessExists(List<String> cmd) throws NetException {
        CommandRunner.Result r = run.run(cmd, null);
        if (r.ok()) {
            return true;
        }
        if (r.stderr().contains("File exists")) {
            LOG.info("{}: already present, left as it is on close", String.join(" ", cmd));
            return false;
        }
        throw run.failure(cmd, r);
    }

    /** Runs a delete; something already gone is not an error. */
    private void deleteIgnoringAbsent(List<String> cmd) throws NetException {
        CommandRunner.Result r = run.run(cmd, null);
        if (r.ok()) {
            return;
        }
        String e = r.stderr();
        if (e.contains("No such") || e.contains("Cannot find device") || e.contains("Cannot assign")
                || e.contains("not found") || e.contains("does not exist")) {
            return;
        }
        throw run.failure(cmd, r);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        journal.undoAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }
}
