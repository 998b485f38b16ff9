package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each OS error comes out as one message that names what to fix. */
class ErrnoTest {
    @Test
    void permissionDeniedOnARawSocketAsksForRootOrCapNetRaw() {
        String fix = Errno.whatToFix("socket(AF_INET6, SOCK_RAW, 135)", Errno.EPERM, "protocol 135");
        assertEquals("raw sockets need root or CAP_NET_RAW (run as root or setcap cap_net_raw,cap_net_admin+ep)", fix);
        assertEquals(fix, Errno.whatToFix("socket(AF_INET6, SOCK_RAW, 58)", Errno.EACCES, "protocol 58"));
    }

    @Test
    void aMissingTunDeviceNodeAsksToLoadTheModule() {
        assertEquals("no /dev/net/tun: load the tun module (modprobe tun)",
                Errno.whatToFix("open /dev/net/tun", Errno.ENOENT, "tun0"));
    }

    @Test
    void aBusyTunNamesTheDevice() {
        String fix = Errno.whatToFix("ioctl TUNSETIFF ha0", Errno.EBUSY, "ha0");
        assertTrue(fix.contains("'ha0'") && fix.contains("another"), fix);
    }

    @Test
    void addressInUseAndNotAvailableNameTheAddress() {
        assertTrue(Errno.whatToFix("bind", Errno.EADDRINUSE, "2001:db8::1").contains("2001:db8::1"));
        assertTrue(Errno.whatToFix("sendmsg", Errno.EADDRNOTAVAIL, "2001:db8::1").contains("ip -6 addr add"));
    }

    @Test
    void aMissingNamespaceSaysHowToCreateIt() {
        assertTrue(Errno.whatToFix("open /run/netns/x1", Errno.ENOENT, "x1").contains("ip netns add x1"));
    }

    @Test
    void theExceptionMessageCarriesOperationErrnoNameAndFix() {
        NetException e = new NetException("socket(AF_INET6, SOCK_RAW, 135)", Errno.EPERM,
                Errno.whatToFix("socket", Errno.EPERM, ""));
        assertTrue(e.getMessage().startsWith("socket(AF_INET6, SOCK_RAW, 135) failed: EPERM ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("setcap cap_net_raw,cap_net_admin+ep)"), e.getMessage());
        assertEquals(Errno.EPERM, e.errno());
    }

    @Test
    void enteringAMissingNamespaceFailsWithEnoent() {
        NamespacePair.assumeRoot();
        NetException e = org.junit.jupiter.api.Assertions.assertThrows(NetException.class,
                () -> NetworkNamespace.enter("r6n-none-" + ProcessHandle.current().pid()));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.whatToFix().contains("ip netns add"), e.getMessage());
    }

    @Test
    void anUnprivilegedProcessIsToldItNeedsCapNetRaw() throws Exception {
        NamespacePair.assumeRoot();
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/setpriv").canExecute(),
                "needs setpriv (util-linux) to drop privileges");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        // the unprivileged child cannot read root's ~/.m2: give it world-readable copies of the jars
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("r6n-cp");
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path src = java.nio.file.Path.of(entry);
            java.nio.file.Path use = src;
            if (java.nio.file.Files.isRegularFile(src)) {
                use = dir.resolve(cp.length() + "-" + src.getFileName());
                java.nio.file.Files.copy(src, use);
                use.toFile().setReadable(true, false);
            }
            cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(use);
        }
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        dir.toFile().setWritable(true, false); // JNA unpacks its native library here
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", javaBin, "-Djna.tmpdir=" + dir, "-Djava.io.tmpdir=" + dir,
                "-cp", cp.toString(), OpenRawSocket.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertTrue(out.contains("errno=" + Errno.EPERM), out);
        assertTrue(out.contains("socket(AF_INET6, SOCK_RAW, 135) failed: EPERM"), out);
        assertTrue(out.contains("raw sockets need root or CAP_NET_RAW (run as root or setcap cap_net_raw,cap_net_admin+ep)"), out);
    }
}
