package org.roam6.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.pcap.PcapFormatException;
import org.roam6.wire.pcap.PcapReader;
import org.roam6.wire.pcap.PcapRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roam6 decode}: prints what roam6's decoders make of IPv6 packets given as hex or in a
 * pcap capture, one line per packet (tcpdump-like text, or JSON with {@code --json}).
 *
 * <p>Exit status: 0 when every packet decoded; 3 when some packet did not (all are still
 * printed); 2 for input that is not hex or not a readable capture, and for usage errors; 1 for
 * unexpected failures.
 */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = {
            "Decode IPv6 packets with roam6's Mobile IPv6 decoders, one line per packet.",
            "Packets come as hex arguments, as hex lines on stdin ('-' or no argument; one packet per line,"
                    + " from the IPv6 header; blank lines and '#' lines ignored; spaces and ':' allowed),"
                    + " or from a pcap capture (--pcap; Ethernet, raw IPv6 or Linux cooked).",
            "Exit status: 0 all decoded, 3 some packet did not decode, 2 bad input, 1 unexpected failure."})
public final class DecodeCommand implements Callable<Integer> {

    /** Exit status when some packet did not decode. */
    public static final int EXIT_UNDECODED = 3;
    /** Exit status for input that is not hex or not a readable capture. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ExtensionOptions extensionOptions = new ExtensionOptions();

    @Option(names = "--pcap", paramLabel = "FILE", description = "Read packets from this pcap file ('-' for stdin).")
    String pcap;

    @Option(names = "--json", description = "Print one JSON object per line instead of text.")
    boolean json;

    @Parameters(paramLabel = "HEX", arity = "0..*",
            description = "A packet in hex, from its IPv6 header; '-' reads hex lines from stdin.")
    List<String> packets = List.of();

    /** Where '-' and a missing argument read from; tests replace it. */
    InputStream stdin = System.in;

    private PacketDescriber describer;
    private PrintWriter out;
    private int index;
    private int undecoded;

    /** Input that cannot be read as packets: the message says where and why. */
    private static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws IOException {
        MobilityExtensions ext = extensionOptions.extensions();
        if (pcap != null && !packets.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give packets as hex or with --pcap, not both");
        }
        describer = new PacketDescriber(ext);
        out = spec.commandLine().getOut();
        try {
            if (pcap != null) {
                readCapture();
            } else if (packets.isEmpty()) {
                readLines(stdin);
            } else {
                for (int i = 0; i < packets.size(); i++) {
                    String arg = packets.get(i);
                    if (arg.equals("-")) {
                        readLines(stdin);
                    } else if (!HexInput.isEmptyOrComment(arg)) {
                        print(describer.describe(++index, hex(arg, "argument " + (i + 1) + ", position ")));
                    }
                }
            }
        } catch (BadInput e) {
            out.flush();
            spec.commandLine().getErr().println("roam6: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        out.flush();
        return undecoded > 0 ? EXIT_UNDECODED : 0;
    }

    private static byte[] hex(String text, String where) throws BadInput {
        try {
            return HexInput.parse(text);
        } catch (HexInput.NotHex e) {
            throw new BadInput(where + e.column + ": " + e.getMessage());
        }
    }

    private void readLines(InputStream in) throws IOException, BadInput {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNumber++;
            if (!HexInput.isEmptyOrComment(line)) {
                print(describer.describe(++index, hex(line, "stdin line " + lineNumber + ", column ")));
                out.flush();
            }
        }
    }

    private void readCapture() throws BadInput {
        String name = pcap.equals("-") ? "stdin" : pcap;
        try (PcapReader r = pcap.equals("-") ? PcapReader.open(stdin) : PcapReader.open(Path.of(pcap))) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                if (rec instanceof PcapRecord.Ipv6 p) {
                    print(describer.describe(rec.number(), p.packet()));
                } else if (rec instanceof PcapRecord.NotIpv6 n) {
                    print(PacketDescription.skipped(rec.number(), "not IPv6 (" + n.what() + ")"));
                } else {
                    PcapRecord.Bad bad = (PcapRecord.Bad) rec;
                    PacketDescription.Builder d = new PacketDescription.Builder(rec.number());
                    d.error = new PacketDescription.DecodeError("pcap record " + bad.number(), bad.error().offset(),
                            bad.error().reason().name(), bad.error().detail(), null);
                    print(d.build());
                }
            }
        } catch (NoSuchFileException e) {
            throw new BadInput("cannot read " + name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInput("cannot read " + name + ": permission denied");
        } catch (PcapFormatException e) {
            throw new BadInput(name + " is not a pcap capture roam6 reads: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInput("cannot read " + name + ": " + e.getMessage());
        }
    }

    private void print(PacketDescription d) {
        if (d.failed()) {
            undecoded++;
        }
        out.println(json ? PacketJson.line(d) : PacketText.line(d));
    }
}
