package org.roam6.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.wire.Ipv6Address;

class AdminServerTest {

    record Binding(Ipv6Address hoa, Ipv6Address coa, Duration lifetime) {
    }

    @TempDir
    Path dir;
    Path sock;
    AdminServer server;

    @BeforeEach
    void start() throws IOException {
        sock = dir.resolve("had.sock");
        server = new AdminServer(sock);
        server.registerShow("bindings", () -> List.of(new Binding(Ipv6Address.parse("2001:db8:1::100"),
                Ipv6Address.parse("2001:db8:2::5"), Duration.ofSeconds(420))));
        server.registerCommand("echo", "returns the request", req -> req);
        server.registerCommand("refuse", req -> {
            throw new IllegalArgumentException("no such binding 2001:db8::1");
        });
        server.registerCommand("crash", req -> {
            throw new IllegalStateException("bug");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String raw(String line) throws AdminException {
        return AdminClient.exchange(sock, line, Duration.ofSeconds(5));
    }

    @Test
    void showAnswersWithTheViewAsJson() throws Exception {
        JsonNode r = AdminClient.call(sock, "show", "what", "bindings");
        assertEquals("[{\"hoa\":\"2001:db8:1::100\",\"coa\":\"2001:db8:2::5\",\"lifetime\":420}]", r.toString());
    }

    @Test
    void responseLineWrapsTheResult() throws Exception {
        assertEquals("{\"result\":{\"cmd\":\"echo\",\"x\":1}}", raw("{\"cmd\":\"echo\",\"x\":1}"));
    }

    @Test
    void helpListsTheCommandsAndViews() throws Exception {
        JsonNode r = AdminClient.call(sock, "help");
        assertEquals("returns the request", r.get("echo").asText());
        assertTrue(r.get("show").asText().contains("bindings"), r.toString());
    }

    @Test
    void unknownCommandIsAnErrorListingTheCommands() throws Exception {
        assertEquals("{\"error\":\"unknown command 'nope', expected one of: crash, echo, help, refuse, show\"}",
                raw("{\"cmd\":\"nope\"}"));
        AdminException e = assertThrows(AdminException.class, () -> AdminClient.call(sock, "show", "what", "routes"));
        assertEquals("unknown view \"routes\", expected one of: bindings", e.getMessage());
    }

    @Test
    void malformedRequestsGetErrorsAndTheServerGoesOn() throws Exception {
        assertTrue(raw("not json").startsWith("{\"error\":\"the request is not JSON: "));
        assertEquals("{\"error\":\"the request must be a JSON object such as {\\\"cmd\\\":\\\"help\\\"}\"}", raw("[1,2]"));
        assertEquals("{\"error\":\"the request has no \\\"cmd\\\" string\"}", raw("{\"cmd\":5}"));
        assertEquals("{\"error\":\"the request has no \\\"cmd\\\" string\"}", raw("{}"));
        assertTrue(AdminClient.call(sock, "help").has("help"));
    }

    @Test
    void handlerFailuresBecomeErrors() throws Exception {
        AdminException refused = assertThrows(AdminException.class, () -> AdminClient.call(sock, "refuse"));
        assertEquals("no such binding 2001:db8::1", refused.getMessage());
        AdminException crashed = assertThrows(AdminException.class, () -> AdminClient.call(sock, "crash"));
        assertEquals("internal error in 'crash': java.lang.IllegalStateException: bug", crashed.getMessage());
        assertTrue(AdminClient.call(sock, "help").has("echo"));
    }

    @Test
    void oversizedRequestIsRefusedAndTheServerGoesOn() throws Exception {
        String big = "{\"cmd\":\"echo\",\"pad\":\"" + "x".repeat(AdminServer.MAX_REQUEST_BYTES) + "\"}";
        assertEquals("{\"error\":\"request longer than 65536 bytes\"}", raw(big));
        assertTrue(AdminClient.call(sock, "help").has("echo"));
    }

    @Test
    void socketIsReadableAndWritableByItsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(sock), s.collect(java.util.stream.Collectors.toList()), "no temporary left");
        }
    }

    @Test
    void noDaemonMessageNamesThePathAndTheDaemon() {
        Path missing = dir.resolve("mnd.sock");
        AdminException e = assertThrows(AdminException.class, () -> AdminClient.call(missing, "help"));
        assertEquals("no daemon listening on " + missing + " (is roam6-mnd running?)", e.getMessage());
    }

    @Test
    void secondServerOnALiveSocketIsRefused() {
        AdminServer other = new AdminServer(sock);
        IOException e = assertThrows(IOException.class, other::start);
        assertEquals("another daemon is listening on " + sock, e.getMessage());
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        Path stale = dir.resolve("mad.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(stale)); // closed without unlinking: a crashed daemon's leftover
        }
        assertTrue(Files.exists(stale));
        AdminServer s = new AdminServer(stale);
        try {
            s.start();
            assertTrue(AdminClient.call(stale, "help").has("help"));
        } finally {
            s.close();
        }
        assertFalse(Files.exists(stale), "close removes the socket file");
    }
}
