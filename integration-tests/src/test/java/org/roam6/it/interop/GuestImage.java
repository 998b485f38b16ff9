package org.roam6.it.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.ExecResult;

/**
 * The guest's kernel and initramfs, built (or taken from the cache) by
 * {@code deploy/interop/build-guest.sh} around a mip6d binary. The cache directory is
 * {@code roam6.interop.cache} (default {@code /var/cache/roam6/interop}).
 */
public record GuestImage(Path kernel, Path initrd) {

    public static final Path SCRIPT = Path.of("../deploy/interop/build-guest.sh").toAbsolutePath().normalize();
    public static final Path CACHE = Path.of(System.getProperty("roam6.interop.cache", "/var/cache/roam6/interop"));

    public static GuestImage build(Path mip6d) {
        // the first build downloads the kernel package (~70 MB) and packs the image
        ExecResult r = Commands.run(List.of("bash", SCRIPT.toString(), "--mip6d", mip6d.toString(),
                "--cache", CACHE.toString()), Duration.ofMinutes(10)).requireOk();
        Path kernel = null;
        Path initrd = null;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("KERNEL=")) {
                kernel = Path.of(line.substring(7).trim());
            } else if (line.startsWith("INITRD=")) {
                initrd = Path.of(line.substring(7).trim());
            }
        }
        if (kernel == null || initrd == null || !Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
            throw new IllegalStateException("build-guest.sh gave no image: " + r.describe());
        }
        return new GuestImage(kernel, initrd);
    }
}
