package org.roam6.had;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.roam6.wire.Ipv6Address;

/**
 * Home-agent-to-home-agent liveness for mobile nodes registered with several home agents
 * (DESIGN.md section 3, paper 001; had/docs/multiha.md): which of the peer home agents named in
 * the bindings' Multiple Home Agents options are alive. This is the clock-driven core, with no
 * I/O; {@link PeerHeartbeatChannel} sends and receives the {@link PeerHeartbeat} datagrams
 * around it and the daemon's timer calls {@link #check} every probe interval.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A peer is watched while at least one binding lists it ({@link #watch}, {@link #unwatch}
 *       count the bindings); heartbeats go to every watched peer, every
 *       {@code HaPeerProbeInterval}.
 *   <li>A peer is alive when first watched, for the first-contact grace ({@link #FIRST_CONTACT}
 *       in the daemon, or {@code misses x interval} if longer) until its first heartbeat: it learns of this home
 *       agent only when its own copy of the mobile node's registration arrives, and its first
 *       datagrams wait for Neighbor Discovery. Measured on the testbed: with only
 *       {@code misses x interval} of grace, two home agents declared each other dead 0.4 s after
 *       the registration, took over and sent the mobile node a Home Agent Unreachable for a live
 *       home agent. Once heard, it stays alive while a heartbeat from it comes at least every
 *       {@code misses x interval}.
 *   <li>It is dead once more than {@code misses x interval} passed since it was last heard (or,
 *       never heard, the first-contact grace since it was first watched); {@link #check} reports
 *       it once.
 *   <li>A dead peer is alive again on its next heartbeat; the next {@link #check} reports it
 *       once. Heartbeats from peers not watched are counted and ignored.
 *   <li>This home agent itself is always alive; so is any address not watched (no evidence).
 * </ul>
 *
 * <p>Thread-safe: heartbeats arrive on the channel's thread, checks run on the timer thread.
 */
public final class PeerMonitor {
    /** How long the daemon lets a watched peer never heard yet count as alive (class comment). */
    public static final Duration FIRST_CONTACT = Duration.ofSeconds(2);

    /** {@code HaPeerProbeInterval} default: 100 ms, so a dead peer is noticed within about 0.4 s. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /** {@code HaPeerProbeMisses} default. */
    public static final int DEFAULT_MISSES = 3;
    /** {@code HaPeerPort} default. */
    public static final int DEFAULT_PORT = 5475;

    /**
     * What changed at a {@link #check}: peers found dead and peers heard again since the last one.
     */
    public record Changes(List<Ipv6Address> died, List<Ipv6Address> revived) {
        public Changes {
            died = List.copyOf(died);
            revived = List.copyOf(revived);
        }

        public boolean isEmpty() {
            return died.isEmpty() && revived.isEmpty();
        }
    }

    private static final class State {
        int bindings;
        boolean alive = true;
        long lastHeardNanos;
        boolean heard;
        long heartbeats;

        State(long since) {
            this.lastHeardNanos = since;
        }
    }

    private final Ipv6Address self;
    private final long intervalNanos;
    private final int misses;
    private final long deadAfterNanos;
    private final long firstContactNanos;
    private final Map<Ipv6Address, State> peers = new TreeMap<>();
    private final List<Ipv6Address> revivedSinceCheck = new ArrayList<>();
    private long heartbeatsReceived;
    private long unknownSenders;
    private long deaths;
    private long revivals;

    /**
     * @param self this home agent's address (never a peer, always alive)
     * @param interval {@code HaPeerProbeInterval}
     * @param misses {@code HaPeerProbeMisses}, at least 1
     */
    /** Without a first-contact grace: a peer never heard is dead after {@code misses x interval}, as one heard once. */
    public PeerMonitor(Ipv6Address self, Duration interval, int misses) {
        this(self, interval, misses, Duration.ZERO);
    }

    /**
     * @param firstContact how long a watched peer never heard yet counts as alive, when longer than
     *     {@code misses x interval} (the daemon uses {@link #FIRST_CONTACT})
     */
    public PeerMonitor(Ipv6Address self, Duration interval, int misses, Duration firstContact) {
        this.self = Objects.requireNonNull(self, "self");
        if (interval.isNegative() || interval.isZero() || misses < 1 || firstContact.isNegative()) {
            throw new IllegalArgumentException("probe interval " + interval + ", misses " + misses
                    + " and first contact " + firstContact);
        }
        this.intervalNanos = interval.toNanos();
        this.misses = misses;
        this.deadAfterNanos = intervalNanos * misses;
        this.firstContactNanos = Math.max(deadAfterNanos, firstContact.toNanos());
    }

    public Ipv6Address self() {
        return self;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    public int misses() {
        return misses;
    }

    /** One more binding lists {@code peer}; the first starts watching it, alive, as of {@code nowNanos}. */
    public synchronized void watch(Ipv6Address peer, long nowNanos) {
        if (peer.equals(self)) {
            return;
        }
        peers.computeIfAbsent(peer, p -> new State(nowNanos)).bindings++;
    }

    /** One binding fewer lists {@code peer}; with none left it is forgotten. */
    public synchronized void unwatch(Ipv6Address peer) {
        State s = peers.get(peer);
        if (s != null && --s.bindings <= 0) {
            peers.remove(peer);
            revivedSinceCheck.remove(peer);
        }
    }

    /**
     * A heartbeat from {@code peer} arrived at {@code nowNanos}. Returns false when the peer is
     * not watched (the heartbeat is ignored).
     */
    public synchronized boolean onHeartbeat(Ipv6Address peer, long nowNanos) {
        State s = peers.get(peer);
        if (s == null) {
            unknownSenders++;
            return false;
        }
        heartbeatsReceived++;
        s.heartbeats++;
        s.heard = true;
        s.lastHeardNanos = Math.max(s.lastHeardNanos, nowNanos);
        if (!s.alive) {
            s.alive = true;
            revivals++;
            revivedSinceCheck.add(peer);
        }
        return true;
    }

    /** Marks dead the peers not heard for more than {@code misses x interval}; reports deaths and revivals since the last check. */
    public synchronized Changes check(long nowNanos) {
        List<Ipv6Address> died = new ArrayList<>();
        for (Map.Entry<Ipv6Address, State> e : peers.entrySet()) {
            State s = e.getValue();
            long allowed = s.heard ? deadAfterNanos : firstContactNanos;
            if (s.alive && nowNanos - s.lastHeardNanos > allowed) {
                s.alive = false;
                deaths++;
                died.add(e.getKey());
            }
        }
        List<Ipv6Address> revived = new ArrayList<>(revivedSinceCheck);
        revivedSinceCheck.clear();
        return new Changes(died, revived);
    }

    /** Whether {@code a} is alive: this home agent and addresses not watched always are. */
    public synchronized boolean isAlive(Ipv6Address a) {
        State s = peers.get(a);
        return s == null || s.alive;
    }

    /** The watched peers, sorted: where heartbeats go. */
    public synchronized List<Ipv6Address> peers() {
        return new ArrayList<>(peers.keySet());
    }

    /** Watched peers now dead. */
    public synchronized int deadCount() {
        int n = 0;
        for (State s : peers.values()) {
            if (!s.alive) {
                n++;
            }
        }
        return n;
    }

    public synchronized long heartbeatsReceived() {
        return heartbeatsReceived;
    }

    /** Heartbeats from home agents no binding lists (ignored). */
    public synchronized long unknownSenders() {
        return unknownSenders;
    }

    public synchronized long deaths() {
        return deaths;
    }

    public synchronized long revivals() {
        return revivals;
    }

    /**
     * The peers as {@code show home-agents} lists them: {@code address}, {@code alive},
     * {@code last_heard_ms} (milliseconds ago, null when never heard), {@code heartbeats},
     * {@code bindings} (how many bindings list it).
     */
    public synchronized List<Map<String, Object>> view(long nowNanos) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<Ipv6Address, State> e : peers.entrySet()) {
            State s = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", e.getKey().toString());
            m.put("alive", s.alive);
            m.put("last_heard_ms", s.heard ? Math.max(0, (nowNanos - s.lastHeardNanos) / 1_000_000L) : null);
            m.put("heartbeats", s.heartbeats);
            m.put("bindings", s.bindings);
            out.add(m);
        }
        return out;
    }
}
