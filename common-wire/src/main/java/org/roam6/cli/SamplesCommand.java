package org.roam6.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.roam6.wire.pcap.LinkType;
import org.roam6.wire.pcap.PcapWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roam6 samples FILE}: writes a pcap capture of representative Mobile IPv6 packets built
 * by roam6's encoders ({@link SamplePackets}), the same bytes on every run, and lists them.
 */
@Command(name = "samples",
        mixinStandardHelpOptions = true,
        description = {
            "Write a pcap capture of Mobile IPv6 packets built by roam6's encoders (the same bytes on every run):",
            "home BU and BA with RFC 4285 authentication and the multi-HA extension, return routability,"
                    + " BRR, BE, DHAAD, mobile prefix discovery, RA, Home Agent Unreachable, Parameter Problem,"
                    + " a tunnelled packet, and one malformed packet at the end.",
            "Decode it with: roam6 decode --pcap FILE"})
public final class SamplesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ExtensionOptions extensionOptions = new ExtensionOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The pcap file to write (replaced if it exists).")
    Path file;

    @Option(names = "--ethernet", description = "Write Ethernet frames (link type 1) instead of raw IPv6 (101).")
    boolean ethernet;

    @Override
    public Integer call() {
        List<SamplePackets.Sample> samples = SamplePackets.build(extensionOptions.extensions());
        List<byte[]> packets = new ArrayList<>(samples.size());
        for (SamplePackets.Sample s : samples) {
            packets.add(s.packet());
        }
        LinkType link = ethernet ? LinkType.ETHERNET : LinkType.RAW;
        try {
            PcapWriter.write(file, link, packets);
        } catch (IOException e) {
            spec.commandLine().getErr().println("roam6: cannot write " + file + ": " + describe(e));
            return DecodeCommand.EXIT_BAD_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < samples.size(); i++) {
            out.printf("%2d  %4d bytes  %s%n", i + 1, samples.get(i).packet().length, samples.get(i).description());
        }
        out.printf("wrote %d packets to %s (link type %s)%n", samples.size(), file, link);
        out.flush();
        return 0;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
