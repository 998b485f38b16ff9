package org.roam6.oracle;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Assumptions;
import org.roam6.wire.Bytes;
import org.roam6.wire.pcap.LinkType;
import org.roam6.wire.pcap.PcapWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Independent oracles for roam6's codecs: Debian's Scapy (through the scripts in
 * {@code src/test/python}) and tshark.
 *
 * <p>Policy for missing tools ({@link #requireScapy()}, {@link #requireTshark()}): when the
 * environment variable {@code CI} is not {@code "true"} a test that needs a missing tool is
 * skipped with a message saying what to install; when {@code CI=true} it fails, since CI installs
 * them. Every external process is bounded by {@link #TIMEOUT} and killed past it.
 */
public final class Oracles {
    private Oracles() {}

    /** Debian's python3 with python3-scapy (a pyenv python3 on the PATH lacks Scapy). */
    public static final Path PYTHON = Path.of(System.getProperty("roam6.oracle.python", "/usr/bin/python3"));

    /** tshark, from the PATH unless the system property {@code roam6.oracle.tshark} says. */
    public static final String TSHARK = System.getProperty("roam6.oracle.tshark", "tshark");

    /** Longest any oracle process may run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Directory of scapy_build.py and scapy_dissect.py. */
    public static final Path SCRIPTS = Path.of(System.getProperty("roam6.oracle.scripts",
            Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "python").toString()));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static volatile String scapyVersion;
    private static volatile String tsharkVersion;
    private static volatile boolean scapyProbed;
    private static volatile boolean tsharkProbed;
    private static volatile List<JsonNode> corpus;

    // ------------------------------------------------------------------ availability and policy

    /** Whether {@link #PYTHON} can import Scapy's inet6 layers (probed once). */
    public static boolean scapyAvailable() {
        return scapyVersion() != null;
    }

    /** Scapy's version, e.g. "2.5.0", or {@code null} when Scapy cannot be run. */
    public static synchronized String scapyVersion() {
        if (!scapyProbed) {
            scapyProbed = true;
            scapyVersion = probe(List.of(PYTHON.toString(), "-c",
                    "import scapy, scapy.layers.inet6; print(scapy.VERSION)"));
        }
        return scapyVersion;
    }

    /** Whether tshark runs (probed once). */
    public static boolean tsharkAvailable() {
        return tsharkVersion() != null;
    }

    /** First line of {@code tshark --version}, or {@code null} when tshark cannot be run. */
    public static synchronized String tsharkVersion() {
        if (!tsharkProbed) {
            tsharkProbed = true;
            tsharkVersion = probe(List.of(TSHARK, "--version"));
        }
        return tsharkVersion;
    }

    /** Whether this run is in CI, where missing oracles are failures. */
    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips the calling test without Scapy, or fails it when {@code CI=true}. */
    public static void requireScapy() {
        require(scapyAvailable(), "Scapy (" + PYTHON + " with Debian's python3-scapy) is not available;"
                + " install it with: apt-get install python3-scapy");
        require(Files.isRegularFile(SCRIPTS.resolve("scapy_build.py")),
                "oracle scripts not found in " + SCRIPTS + " (run the tests from the common-wire module)");
    }

    /** Skips the calling test without tshark, or fails it when {@code CI=true}. */
    public static void requireTshark() {
        require(tsharkAvailable(), "tshark is not available; install it with: apt-get install tshark");
    }

    private static void require(boolean present, String message) {
        if (present) {
            return;
        }
        if (inCi()) {
            fail(message + " (CI=true: oracle tools are mandatory)");
        }
        Assumptions.abort(message + " (skipped; set CI=true to make this a failure)");
    }

    private static String probe(List<String> command) {
        try {
            Path dir = Files.createTempDirectory("roam6-oracle-probe");
            try {
                ProcessRun r = ProcessRun.run(command, null, dir, Duration.ofSeconds(60));
                String out = r.stdoutText().strip();
                return r.exitCode() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(out) : null;
            } finally {
                deleteTree(dir);
            }
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ Scapy

    /**
     * The corpus of scapy_build.py (built once per JVM): one object per packet with "name",
     * "hex" and "expect"; the field names are documented at the top of that script.
     */
    public static synchronized List<JsonNode> scapyCorpus() throws IOException {
        if (corpus == null) {
            Path dir = Files.createTempDirectory("roam6-oracle");
            try {
                ProcessRun r = ProcessRun.run(List.of(PYTHON.toString(), SCRIPTS.resolve("scapy_build.py").toString()),
                        null, dir, TIMEOUT);
                if (r.exitCode() != 0) {
                    throw new IOException("scapy_build.py exited with " + r.exitCode() + ": " + r.stderr());
                }
                corpus = Collections.unmodifiableList(parseJsonLines(r.stdout()));
            } finally {
                deleteTree(dir);
            }
        }
        return corpus;
    }

    /** The packet bytes of a corpus entry (its "hex"). */
    public static byte[] packet(JsonNode corpusEntry) {
        return Bytes.fromHex(corpusEntry.get("hex").asText());
    }

    /** The packet bytes of every corpus entry, in order. */
    public static List<byte[]> packets(List<JsonNode> corpusEntries) {
        List<byte[]> out = new ArrayList<>(corpusEntries.size());
        for (JsonNode e : corpusEntries) {
            out.add(packet(e));
        }
        return out;
    }

    /**
     * What Scapy makes of each packet (scapy_dissect.py): one object per packet, in order, with
     * the neutral field names plus "checksum_ok", "scapy_checksum_ok", "scapy_checksum_quirk",
     * "layers" and "errors".
     */
    public static List<JsonNode> scapyDissect(List<byte[]> packets) throws IOException {
        Path dir = Files.createTempDirectory("roam6-oracle");
        try {
            Path in = dir.resolve("packets.hex");
            StringBuilder sb = new StringBuilder();
            for (byte[] p : packets) {
                sb.append(Bytes.toHex(p)).append('\n');
            }
            Files.writeString(in, sb, StandardCharsets.US_ASCII);
            ProcessRun r = ProcessRun.run(List.of(PYTHON.toString(), SCRIPTS.resolve("scapy_dissect.py").toString()),
                    in, dir, TIMEOUT);
            if (r.exitCode() != 0) {
                throw new IOException("scapy_dissect.py exited with " + r.exitCode() + ": " + r.stderr());
            }
            List<JsonNode> out = parseJsonLines(r.stdout());
            if (out.size() != packets.size()) {
                throw new IOException("scapy_dissect.py answered " + out.size() + " lines for " + packets.size()
                        + " packets: " + r.stderr());
            }
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    private static List<JsonNode> parseJsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ tshark

    /**
     * Writes {@code packets} to a raw-IPv6 pcap in {@code workDir} with {@link PcapWriter}, has
     * tshark decode it ({@code tshark -n -r FILE -T pdml}) and reports each packet. The pcap and
     * the PDML stay in {@code workDir} for inspection.
     */
    public static TsharkReport tshark(List<byte[]> packets, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path pcap = workDir.resolve("tshark-" + RUNS.incrementAndGet() + ".pcap");
        PcapWriter.write(pcap, LinkType.RAW, packets);
        TsharkReport r = tsharkFile(pcap, workDir);
        if (r.packets().size() != packets.size()) {
            throw new IOException("tshark decoded " + r.packets().size() + " packets of " + packets.size() + " in " + pcap);
        }
        return r;
    }

    /**
     * Has tshark decode an existing pcap ({@code tshark -n -r FILE -T pdml}); the PDML is kept
     * next to it in {@code workDir}.
     */
    public static TsharkReport tsharkFile(Path pcap, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        ProcessRun r = ProcessRun.run(List.of(TSHARK, "-n", "-r", pcap.toAbsolutePath().toString(), "-T", "pdml"),
                null, workDir, TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IOException("tshark exited with " + r.exitCode() + ": " + r.stderr());
        }
        Path pdml = workDir.resolve(pcap.getFileName() + ".pdml");
        Files.move(r.stdout(), pdml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new TsharkReport(tsharkVersion(), parsePdml(pdml));
    }

    static List<TsharkReport.Packet> parsePdml(Path pdml) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(pdml)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse tshark's PDML " + pdml + ": " + e.getMessage(), e);
        }
        List<TsharkReport.Packet> out = new ArrayList<>();
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("packet")) {
                out.add(packet(out.size(), e));
            }
        }
        return out;
    }

    private static TsharkReport.Packet packet(int index, Element packet) {
        List<String> protocols = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<TsharkReport.ExpertItem> problems = new ArrayList<>();
        List<TsharkReport.ExpertItem> notes = new ArrayList<>();
        walk(packet, null, protocols, fields, values, problems, notes);
        if (protocols.contains("_ws.malformed")
                && problems.stream().noneMatch(p -> p.protocol().equals("_ws.malformed"))) {
            problems.add(new TsharkReport.ExpertItem(TsharkReport.Severity.ERROR, "Malformed",
                    "Malformed Packet", "_ws.malformed"));
        }
        return new TsharkReport.Packet(index, List.copyOf(protocols), fields, values,
                List.copyOf(problems), List.copyOf(notes));
    }

    private static void walk(Element el, String protocol, List<String> protocols, Map<String, List<String>> fields,
                             Map<String, List<String>> values, List<TsharkReport.ExpertItem> problems,
                             List<TsharkReport.ExpertItem> notes) {
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            String name = c.getAttribute("name");
            String proto = protocol;
            if (c.getTagName().equals("proto")) {
                if (name.equals("geninfo") || name.equals("frame")) {
                    continue;
                }
                if (!(name.equals("_ws.malformed") && protocols.contains(name))) {
                    protocols.add(name);
                }
                proto = name;
            } else if (name.equals("_ws.expert")) {
                TsharkReport.ExpertItem item = expert(c, protocol);
                if (item.severity().compareTo(TsharkReport.Severity.WARNING) >= 0) {
                    problems.add(item);
                } else {
                    notes.add(item);
                }
                continue;
            } else if (!name.isEmpty()) {
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(c.getAttribute("show"));
                if (c.hasAttribute("value")) {
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(c.getAttribute("value"));
                }
            }
            walk(c, proto, protocols, fields, values, problems, notes);
        }
    }

    private static TsharkReport.ExpertItem expert(Element expert, String protocol) {
        String message = "";
        String group = "";
        int severity = 0;
        for (Node n = expert.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            switch (c.getAttribute("name")) {
                case "_ws.expert.message" -> message = c.getAttribute("show");
                case "_ws.expert.group" -> {
                    String s = c.getAttribute("showname");
                    group = s.startsWith("Group: ") ? s.substring("Group: ".length()) : c.getAttribute("show");
                }
                case "_ws.expert.severity" -> {
                    try {
                        severity = Integer.parseInt(c.getAttribute("show"));
                    } catch (NumberFormatException e) {
                        severity = TsharkReport.Severity.ERROR.code;
                    }
                }
                default -> { }
            }
        }
        if (message.isEmpty()) {
            message = expert.getAttribute("showname");
        }
        return new TsharkReport.ExpertItem(TsharkReport.Severity.of(severity), group, message,
                protocol == null ? "?" : protocol);
    }

    // ------------------------------------------------------------------ files

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            List<Path> all = s.sorted(Collections.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
