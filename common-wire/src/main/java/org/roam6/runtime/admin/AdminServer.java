package org.roam6.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's local control channel: a Unix domain socket (default
 * {@code /run/roam6/<daemon>.sock}) speaking one JSON object per line each way.
 *
 * <pre>
 * → {"cmd":"show","what":"bindings"}
 * ← {"result":[{"hoa":"2001:db8:1::100","coa":"2001:db8:2::5","lifetime":420}]}
 * → {"cmd":"frobnicate"}
 * ← {"error":"unknown command 'frobnicate', expected one of: help, show"}
 * </pre>
 *
 * <p>Daemons {@link #registerCommand register} handlers by command name (and {@link #registerShow
 * show} views by name); {@code help} is built in. A handler gets the whole request and returns
 * anything Jackson can write ({@link AdminJson} writes addresses and prefixes as text); an
 * {@link IllegalArgumentException} it throws becomes {@code {"error": message}}, anything else
 * an internal error; neither closes the server. Requests longer than {@link #MAX_REQUEST_BYTES}
 * get an error and the connection is closed; an idle connection is closed after
 * {@link #IDLE_TIMEOUT_SECONDS}.
 *
 * <p><b>Why Netty with native epoll:</b> the project's stack puts channels on Netty, and a
 * pipeline gives the bounded line framing, the idle timeout and many clients on one thread for
 * free. The JDK's own {@code UnixDomainSocketAddress} would also do for the server, but would
 * need a hand-written framing loop and a thread per client or a selector loop. The socket is
 * bound under a temporary name, made 0600 (root only by default), then renamed into place, so
 * it is never reachable with wider permissions. Handlers run on the one event-loop thread:
 * they must be quick and read daemon state in a thread-safe way.
 */
public final class AdminServer implements AutoCloseable {

    /** Largest request line accepted, in bytes. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** A connection with no request for this long is closed. */
    public static final int IDLE_TIMEOUT_SECONDS = 60;
    /** Default socket permissions: read and write for the owner (root) only. */
    public static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    /** A command handler with one line of help. */
    private record Command(String help, Function<JsonNode, Object> handler) {
    }

    private final Path path;
    private final Set<PosixFilePermission> permissions;
    private final Map<String, Command> commands = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Object>> views = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel channel;

    /** A server for {@code path} with 0600 permissions. */
    public AdminServer(Path path) {
        this(path, OWNER_ONLY);
    }

    public AdminServer(Path path, Set<PosixFilePermission> permissions) {
        this.path = path.toAbsolutePath();
        this.permissions = Set.copyOf(permissions);
        commands.put("help", new Command("this list", req -> help()));
    }

    /** The default path of a daemon's socket: {@code /run/roam6/had.sock}. */
    public static Path defaultPath(String daemon) {
        return Path.of("/run/roam6", daemon + ".sock");
    }

    public Path path() {
        return path;
    }

    /** Registers (or replaces) a command; {@code handler} gets the whole request object. */
    public void registerCommand(String name, Function<JsonNode, Object> handler) {
        registerCommand(name, "", handler);
    }

    public void registerCommand(String name, String help, Function<JsonNode, Object> handler) {
        commands.put(name, new Command(help, handler));
    }

    /**
     * Registers a view for {@code {"cmd":"show","what":NAME}}; the first view registers the
     * {@code show} command.
     */
    public void registerShow(String what, Supplier<Object> view) {
        views.put(what, view);
        commands.computeIfAbsent("show", k -> new Command("show WHAT: one of the views", this::show));
    }

    private Object show(JsonNode req) {
        JsonNode what = req.get("what");
        if (what == null || !what.isTextual() || !views.containsKey(what.asText())) {
            throw new IllegalArgumentException((what == null ? "no 'what'" : "unknown view " + what)
                    + ", expected one of: " + String.join(", ", new TreeMap<>(views).keySet()));
        }
        return views.get(what.asText()).get();
    }

    private Object help() {
        Map<String, String> out = new TreeMap<>();
        commands.forEach((k, v) -> out.put(k, v.help()));
        if (!views.isEmpty()) {
            out.put("show", "show WHAT, WHAT one of: " + String.join(", ", new TreeMap<>(views).keySet()));
        }
        return out;
    }

    /**
     * Binds the socket. A stale socket file (nobody answering) is replaced; a live one is left
     * alone and start fails, so two daemons never share a socket.
     */
    public void start() throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the admin socket needs Netty's native epoll transport: "
                    + Epoll.unavailabilityCause());
        }
        Path dir = path.getParent();
        Files.createDirectories(dir);
        if (Files.exists(path)) {
            if (AdminClient.answers(path)) {
                throw new IOException("another daemon is listening on " + path);
            }
            Files.delete(path);
        }
        Path temp = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-" + path.getFileName(), true),
                EpollIoHandler.newFactory());
        try {
            channel = new ServerBootstrap().group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                                    new LineBasedFrameDecoder(MAX_REQUEST_BYTES, true, true),
                                    new RequestHandler());
                        }
                    })
                    .bind(new DomainSocketAddress(temp.toString())).sync().channel();
            Files.setPosixFilePermissions(temp, permissions);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding " + path, e);
        } catch (IOException | RuntimeException e) {
            close();
            Files.deleteIfExists(temp);
            if (e instanceof AccessDeniedException) {
                throw new IOException("cannot create the admin socket " + path + ": permission denied", e);
            }
            throw e instanceof IOException ? (IOException) e : new IOException("cannot bind " + path + ": " + e, e);
        }
        LOG.info("admin socket listening on {}", path);
    }

    /** Stops listening, closes connections and removes the socket file. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.toString());
        }
    }

    /** Answers one request line; never throws. */
    String answer(String line) {
        ObjectNode reply = AdminJson.mapper().createObjectNode();
        JsonNode req;
        try {
            req = AdminJson.mapper().readTree(line);
        } catch (IOException e) {
            return error("the request is not JSON: " + firstLine(e.getMessage()));
        }
        if (req == null || !req.isObject()) {
            return error("the request must be a JSON object such as {\"cmd\":\"help\"}");
        }
        JsonNode cmd = req.get("cmd");
        if (cmd == null || !cmd.isTextual()) {
            return error("the request has no \"cmd\" string");
        }
        Command c = commands.get(cmd.asText());
        if (c == null) {
            return error("unknown command '" + cmd.asText() + "', expected one of: "
                    + String.join(", ", new TreeMap<>(commands).keySet()));
        }
        try {
            Object result = c.handler().apply(req);
            reply.set("result", AdminJson.mapper().valueToTree(result));
            return AdminJson.mapper().writeValueAsString(reply);
        } catch (IllegalArgumentException e) {
            return error(String.valueOf(e.getMessage()));
        } catch (Exception e) {
            LOG.warn("admin command {} failed", cmd.asText(), e);
            return error("internal error in '" + cmd.asText() + "': " + e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String error(String message) {
        ObjectNode n = AdminJson.mapper().createObjectNode();
        n.put("error", message);
        return n.toString();
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            String line = msg.toString(StandardCharsets.UTF_8);
            ctx.writeAndFlush(Unpooled.copiedBuffer(answer(line) + "\n", StandardCharsets.UTF_8));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof ReadTimeoutException) {
                ctx.close();
                return;
            }
            String message = cause instanceof TooLongFrameException
                    ? "request longer than " + MAX_REQUEST_BYTES + " bytes"
                    : "bad request: " + cause;
            ctx.writeAndFlush(Unpooled.copiedBuffer(error(message) + "\n", StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
