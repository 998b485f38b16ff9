package org.roam6.mnd;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic Home Agent Address Discovery, the mobile node's side (RFC 6275 11.4.1).
 *
 * <p>{@link #discover} sends a Home Agent Address Discovery Request (ICMPv6 144, RFC 6275 6.5)
 * from the care-of address to the Mobile IPv6 Home-Agents anycast address of the home prefix
 * ({@link #homeAgentsAnycast}, RFC 2526), with a random Identifier. Without a reply it sends
 * the request again after INITIAL_DHAAD_TIMEOUT (3 s), doubling the wait each time, in all
 * {@value #DHAAD_RETRIES} transmissions (DHAAD_RETRIES, RFC 6275 12): requests at 0, 3, 9 and
 * 21 s, failure at 45 s. (RFC 6275 12 calls DHAAD_RETRIES "4 retransmissions"; roam6 counts
 * the first request among the four, so a round gives up after 45 s rather than 93 s.) All carry
 * the same Identifier, so a late reply to an earlier copy still counts.
 *
 * <p>A Home Agent Address Discovery Reply (145, RFC 6275 6.6) whose Identifier matches the
 * round in progress ends it: its home agent list, in the order the reply gives (most preferred
 * first, RFC 6275 10.5), goes to the result callback. Replies with another Identifier, or when
 * no round is in progress, are ignored and counted. After the last wait the callback gets an
 * empty list (and the failure is logged). The callback runs without this object's lock held,
 * on the receiving thread or the timer thread.
 *
 * <p>Replies come through {@link MobileNodeIcmp} ({@link #attach}).
 */
public final class HomeAgentDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(HomeAgentDiscovery.class);

    /** INITIAL_DHAAD_TIMEOUT (RFC 6275 12): the first wait for a reply. */
    public static final Duration INITIAL_DHAAD_TIMEOUT = Duration.ofSeconds(3);
    /** DHAAD_RETRIES (RFC 6275 12): how many requests one round sends in all. */
    public static final int DHAAD_RETRIES = 4;

    private final SignallingOutput out;
    private final Ipv6Address anycast;
    private final Consumer<List<Ipv6Address>> result;
    private final RandomGenerator random;
    private final Timers.Timer retransmit;
    private final byte[] request = new byte[DhaadRequest.LENGTH];

    private Ipv6Address careOf;
    private int identifier;
    private int transmissions;
    private Duration wait;
    private boolean inProgress;

    private long requestsSent;
    private long sendFailures;
    private long repliesAccepted;
    private long repliesIgnored;
    private long failures;

    /**
     * @param out        where requests go ({@link SignallingOutput#sendIcmpv6})
     * @param timers     the daemon's timers
     * @param homePrefix the home prefix whose home agents are looked for
     * @param result     told the home agent list of each round (empty: no answer)
     * @param random     source of Identifiers
     */
    public HomeAgentDiscovery(SignallingOutput out, Timers timers, Ipv6Prefix homePrefix,
                              Consumer<List<Ipv6Address>> result, RandomGenerator random) {
        this.out = Objects.requireNonNull(out, "out");
        this.anycast = homeAgentsAnycast(homePrefix);
        this.result = Objects.requireNonNull(result, "result");
        this.random = Objects.requireNonNull(random, "random");
        this.retransmit = timers.timer("INITIAL_DHAAD_TIMEOUT " + anycast, this::timeout);
    }

    /** Takes DHAAD Replies from {@code icmp}. */
    public void attach(MobileNodeIcmp icmp) {
        icmp.register(DhaadReply.TYPE, (m, s, d) -> {
            if (m instanceof DhaadReply r) {
                onReply(r, s, d);
            }
        });
    }

    /** The Home-Agents anycast address of {@code prefix} (RFC 2526, RFC 6275 10.5): {@link DhaadRequest#homeAgentsAnycast}. */
    public static Ipv6Address homeAgentsAnycast(Ipv6Prefix prefix) {
        return DhaadRequest.homeAgentsAnycast(prefix);
    }

    /** The address the requests go to. */
    public Ipv6Address anycastAddress() {
        return anycast;
    }

    /** Starts a round from {@code careOfAddress}, ending any round in progress without a result. */
    public synchronized void discover(Ipv6Address careOfAddress) {
        this.careOf = Objects.requireNonNull(careOfAddress, "careOfAddress");
        this.identifier = random.nextInt(1 << 16);
        this.transmissions = 0;
        this.wait = INITIAL_DHAAD_TIMEOUT;
        this.inProgress = true;
        LOG.info("looking for home agents at {} from {} (DHAAD identifier {})", anycast, careOf, identifier);
        send();
    }

    /** Ends the round in progress without a result. */
    public synchronized void cancel() {
        inProgress = false;
        retransmit.cancel();
    }

    public synchronized boolean inProgress() {
        return inProgress;
    }

    private void send() {
        int n = Icmpv6Codec.encode(new DhaadRequest(identifier, false), request, 0, MobilityExtensions.DEFAULT);
        transmissions++;
        requestsSent++;
        if (!out.sendIcmpv6(request, 0, n, careOf, anycast, 0)) {
            sendFailures++;
        }
        retransmit.schedule(wait);
    }

    private void timeout() {
        boolean failed;
        synchronized (this) {
            if (!inProgress) {
                return;
            }
            failed = transmissions >= DHAAD_RETRIES;
            if (failed) {
                inProgress = false;
                failures++;
                LOG.warn("no home agent answered DHAAD at {} after {} requests", anycast, transmissions);
            } else {
                wait = wait.multipliedBy(2);
                send();
            }
        }
        if (failed) {
            result.accept(List.of());
        }
    }

    /**
     * Handles a DHAAD Reply from {@code source} to {@code destination} (null when unknown):
     * accepted when a round is in progress and the Identifier matches.
     */
    public void onReply(DhaadReply reply, Ipv6Address source, Ipv6Address destination) {
        List<Ipv6Address> list;
        synchronized (this) {
            if (!inProgress || reply.identifier() != identifier
                    || destination != null && !destination.equals(careOf)) {
                repliesIgnored++;
                LOG.debug("DHAAD Reply from {} (identifier {}) ignored", source, reply.identifier());
                return;
            }
            inProgress = false;
            retransmit.cancel();
            repliesAccepted++;
            list = reply.homeAgents();
            if (list.isEmpty()) {
                LOG.warn("DHAAD Reply from {} lists no home agent", source);
            } else {
                LOG.info("DHAAD Reply from {}: home agents {}", source, list);
            }
        }
        result.accept(list);
    }

    public synchronized long requestsSent() {
        return requestsSent;
    }

    public synchronized long repliesIgnored() {
        return repliesIgnored;
    }

    public synchronized long repliesAccepted() {
        return repliesAccepted;
    }

    public synchronized long failures() {
        return failures;
    }

    /** The counters for {@code show stats}. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests_sent", requestsSent);
        m.put("send_failures", sendFailures);
        m.put("replies_accepted", repliesAccepted);
        m.put("replies_ignored", repliesIgnored);
        m.put("failures", failures);
        return m;
    }
}
