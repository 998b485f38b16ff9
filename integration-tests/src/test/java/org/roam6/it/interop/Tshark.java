package org.roam6.it.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.ExecResult;

/** tshark as the independent reader of the scenario captures: rows of fields for a display filter. */
final class Tshark {

    private Tshark() {
    }

    /** Each matching packet's {@code fields} (tab-separated by tshark), in capture order. */
    static List<String[]> rows(Path pcap, String filter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields",
                "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        ExecResult r = Commands.run(cmd, Duration.ofSeconds(60)).requireOk();
        List<String[]> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
    }

    static int count(Path pcap, String filter) {
        return rows(pcap, filter, "frame.number").size();
    }
}
