package org.roam6.net;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Hands a descriptor opened through JNA (a TUN device) to the JDK, so its packets can be read
 * and written with {@link java.nio.channels.FileChannel}: the JDK's own JNI calls cost 170-300 ns
 * less per call than a JNA direct-mapped {@code read}/{@code write} on this machine (measured,
 * see {@code common-wire/docs/net.md}).
 *
 * <p>The JDK offers no public way to wrap an existing descriptor number, so this opens a
 * {@link RandomAccessFile} on a fresh, uniquely named {@code memfd_create(2)} file through
 * {@code /proc/self/fd/M}, finds the JDK's new descriptor K as the one other than M whose
 * {@code /proc/self/fd} link names that unique file, and makes K refer to the TUN's open file
 * description with {@code dup3(tun, K, O_CLOEXEC)}. It is safe because nothing else in the
 * process can hold a descriptor on that memfd (its name is unique and only M and K were opened
 * on it), K cannot be reused between the search and dup3 (the {@code RandomAccessFile} keeps it
 * open), and dup3 replaces it atomically. K shares the open file description, so its flags
 * ({@code O_NONBLOCK}) and the TUN attachment are those of the original descriptor; closing the
 * {@code RandomAccessFile} closes K.
 */
final class DescriptorAdoption {
    private DescriptorAdoption() {}

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** A RandomAccessFile whose descriptor refers to {@code fd}'s open file; {@code fd} stays open. */
    static RandomAccessFile adopt(int fd, String what) throws NetException {
        String tag = "roam6-adopt-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                + "-" + Long.toHexString(System.nanoTime());
        int memfd = LibCByAddress.memfd_create(tag, LibCByAddress.MFD_CLOEXEC);
        if (memfd < 0) {
            throw Errno.fail("memfd_create for " + what, what);
        }
        RandomAccessFile file = null;
        try {
            file = new RandomAccessFile("/proc/self/fd/" + memfd, "rw");
            int k = findOther(memfd, "/memfd:" + tag + " (deleted)");
            if (LibCByAddress.dup3(fd, k, LibC.O_CLOEXEC) < 0) {
                throw Errno.fail("dup3 for " + what, what);
            }
            RandomAccessFile adopted = file;
            file = null;
            return adopted;
        } catch (IOException e) {
            throw new NetException("wrapping the descriptor of " + what + " in a FileChannel",
                    "check that /proc is mounted", e);
        } finally {
            LibC.close(memfd);
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // it was only the memfd
                }
            }
        }
    }

    /** The one descriptor other than {@code known} whose link is {@code target}. */
    private static int findOther(int known, String target) throws IOException, NetException {
        int found = -1;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                int n;
                try {
                    n = Integer.parseInt(p.getFileName().toString());
                    if (n == known || !Files.readSymbolicLink(p).toString().equals(target)) {
                        continue;
                    }
                } catch (IOException | NumberFormatException e) {
                    continue; // closed while listing (the listing's own descriptor)
                }
                if (found >= 0) {
                    throw new NetException("finding the JDK's descriptor", 0, "two descriptors on " + target);
                }
                found = n;
            }
        }
        if (found < 0) {
            throw new NetException("finding the JDK's descriptor", 0, "no descriptor on " + target);
        }
        return found;
    }
}
