package org.roam6.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.runtime.admin.AdminException;
import org.roam6.runtime.admin.AdminJson;
import org.roam6.runtime.admin.AdminServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roam6 show bindings|bul|stats [--json] [--socket PATH]}: asks a running daemon (the home
 * agent by default) over its admin socket and prints the answer. {@code bindings} is the Binding
 * Cache as UMIP's {@code bc} console command shows it (home address, care-of address, lifetime
 * left and granted, sequence number, flags) plus roam6's home agent list and mobile network
 * prefixes. {@code bul} is a mobile node's Binding Update List (RFC 6275 11.1): one row per peer
 * (the home agent, then correspondents) with the registration's state, sequence number, lifetime
 * left and granted, retransmissions, last BA status and round trip; ask the mobile node with
 * {@code --socket /run/roam6/mnd.sock} or {@code --daemon mnd}. Asked of the Mobility Agent
 * ({@code --daemon mad}), {@code bindings} is its binding cache, one row per correspondent and
 * home address, with whether the border used the binding in the last 10 s.
 * {@code --json} prints the daemon's JSON as it came.
 */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = {"Show a running daemon's state through its admin socket.",
            "bindings: the home agent's Binding Cache (UMIP's 'bc'), or the Mobility Agent's with --daemon mad;",
            "bul: the mobile node's Binding Update List (RFC 6275 11.1), with --socket /run/roam6/mnd.sock;",
            "stats: signalling counters."})
public final class ShowCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "bindings, bul or stats")
    String what;

    @Option(names = "--json", description = "Print the daemon's JSON answer.")
    boolean json;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Admin socket (default /run/roam6/had.sock, the home agent's;"
                    + " the mobile node's is /run/roam6/mnd.sock).")
    Path socket;

    @Option(names = "--daemon", paramLabel = "NAME",
            description = "had, mnd or mad: the daemon whose default admin socket (/run/roam6/NAME.sock) to ask.")
    String daemon;

    @Override
    public Integer call() throws Exception {
        if (!what.equals("bindings") && !what.equals("stats") && !what.equals("bul")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown view '" + what + "', expected bindings or stats (home agent) or bul (mobile node)");
        }
        if (daemon != null && !daemon.matches("had|mnd|mad")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown daemon '" + daemon + "', expected had, mnd or mad");
        }
        Path at = socket != null ? socket : AdminServer.defaultPath(daemon != null ? daemon : "had");
        JsonNode result;
        try {
            result = AdminClient.call(at, "show", "what", what);
        } catch (AdminException e) {
            spec.commandLine().getErr().println("roam6: " + e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json || what.equals("stats")) {
            out.println(AdminJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else if (what.equals("bul")) {
            out.print(bindingUpdateListTable(result));
        } else {
            out.print(bindingsTable(result));
        }
        out.flush();
        return 0;
    }

    /** The bindings as a table, one row per binding, columns aligned; a line saying so when there are none. */
    static String bindingsTable(JsonNode bindings) {
        if (bindings == null || !bindings.isArray() || bindings.isEmpty()) {
            return "no bindings\n";
        }
        List<String[]> rows = new ArrayList<>();
        if (bindings.get(0).has("cn")) {
            rows.add(new String[] {"CORRESPONDENT", "HOME ADDRESS", "CARE-OF ADDRESS", "LIFETIME", "SEQ", "IN USE"});
            for (JsonNode b : bindings) {
                rows.add(new String[] {
                    text(b.path("cn")),
                    text(b.path("hoa")),
                    text(b.path("coa")),
                    text(b.path("remaining_s")) + "/" + text(b.path("lifetime_s")) + " s",
                    text(b.path("seq")),
                    b.path("in_use").asBoolean() ? "yes" : "no"});
            }
            return aligned(rows) + bindings.size() + (bindings.size() == 1 ? " binding\n" : " bindings\n");
        }
        rows.add(new String[] {"HOME ADDRESS", "CARE-OF ADDRESS", "LIFETIME", "SEQ", "FLAGS", "HOME AGENTS", "PREFIXES"});
        for (JsonNode b : bindings) {
            rows.add(new String[] {
                b.path("hoa").asText(),
                b.path("coa").asText(),
                b.path("remaining_s").asText() + "/" + b.path("lifetime_s").asText() + " s",
                b.path("seq").asText(),
                b.path("flags").asText().isEmpty() ? "-" : b.path("flags").asText(),
                join(b.path("home_agents")),
                join(b.path("prefixes"))});
        }
        return aligned(rows) + bindings.size() + (bindings.size() == 1 ? " binding\n" : " bindings\n");
    }

    /**
     * A mobile node's Binding Update List (RFC 6275 11.1) as a table, one row per entry: peer,
     * role, home and care-of address, state, sequence number, lifetime left over granted,
     * retransmissions, last BA status, last round trip; a line saying so when there are none.
     */
    static String bindingUpdateListTable(JsonNode entries) {
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            return "no Binding Update List entries\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PEER", "ROLE", "HOME ADDRESS", "CARE-OF ADDRESS", "STATE", "SEQ", "LIFETIME", "RETX",
            "STATUS", "RTT"});
        for (JsonNode e : entries) {
            rows.add(new String[] {
                text(e.path("peer")),
                text(e.path("role")),
                text(e.path("hoa")),
                text(e.path("coa")),
                text(e.path("state")),
                text(e.path("seq")),
                text(e.path("remaining_s")) + "/" + text(e.path("lifetime_s")) + " s",
                text(e.path("retransmissions")),
                text(e.path("last_status")),
                e.path("last_rtt_ms").isNumber() ? e.path("last_rtt_ms").asText() + " ms" : "-"});
        }
        return aligned(rows) + entries.size() + (entries.size() == 1 ? " entry\n" : " entries\n");
    }

    /** A JSON value as a table cell: "-" when absent or null. */
    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? "-" : n.asText();
    }

    /** The rows with their columns aligned (two spaces apart), no trailing blanks. */
    private static String aligned(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String join(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return "-";
        }
        List<String> s = new ArrayList<>();
        list.forEach(n -> s.add(n.asText()));
        return String.join(",", s);
    }
}
