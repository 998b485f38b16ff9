package org.roam6.mnd;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.MnHaKey;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binding Update List (RFC 6275 11.1) entry of the home registration, and the protocol that
 * keeps it: sending Binding Updates to the home agent (11.7.1), retransmitting them (11.8),
 * taking Binding Acknowledgements (11.7.3), Binding Refresh Requests (11.7.4) and Binding Errors
 * (11.3.6) from it, refreshing the binding before it expires, and de-registering when back on the
 * home link (11.5.5). Entries for correspondents are kept elsewhere and join {@link #view()}
 * through {@link #includeRows}.
 *
 * <p><b>Binding Updates.</b> Flags A and H; Sequence # modulo 2^16, starting at a random value,
 * one more for every transmission (retransmissions included, 11.7.1); Lifetime
 * {@code MnMaxHaBindingLife} in 4-second units; always an Alternate Care-of Address option
 * (as UMIP, 11.7.1); with an {@code MnHaKey} the RFC 4285 Mobility Message Replay Protection
 * option (an NTP timestamp) and, last, the Mobility Message Authentication option (subtype
 * MN-HA) computed over care-of address, home address and the Mobility Header up to its SPI. Away,
 * the BU is a whole packet from the care-of address with a Home Address option, its MH checksum
 * over home address -> home agent ({@link SignallingOutput#sendPacket}); at home the
 * de-registration (Lifetime 0, Alternate Care-of Address = home address) leaves from the home
 * address without a Home Address option ({@link SignallingOutput#sendMobilityHeader}, the
 * kernel fills the checksum; the authenticator never covers it).
 *
 * <p><b>Timers</b> (RFC 6275 12), kept together in {@link HomeTimers}: the BA wait starts at
 * {@code InitialBindackTimeoutFirstReg} when the home agent holds no binding for the home
 * address (the first registration with it), else at {@code InitialBindackTimeoutReReg}, and
 * doubles on each retransmission up to {@link #MAX_BINDACK_TIMEOUT}; when a wait of that length
 * also goes unanswered the {@link HomeRegistrationListener} hears {@code onHomeAgentSilent} (the
 * daemon may run DHAAD) and retransmissions go on. An accepted binding is refreshed at 95 % of
 * its lifetime (as UMIP), or sooner when the BA's Binding Refresh Advice asks so; its lifetime
 * counts from the transmission of the BU it acknowledges (11.7.3).
 *
 * <p><b>Binding Acknowledgements</b> count only from the home agent, with the Sequence # of a
 * Binding Update of the current attempt, and, with a key, with an authenticator that verifies
 * and the timestamp of that Binding Update (RFC 4285 5, 6); anything else is dropped and
 * counted. Status 0 and 1 register (the lesser of the lifetime asked and granted); 135 resends at
 * once with the BA's Sequence # + 1 (9.5.1, the number the home agent last accepted); 144, with
 * the home agent's timestamp in the BA, resends at once with the clock corrected by the
 * difference (RFC 4285 6); any other status of 128 or more ends in the {@code failed} state,
 * except 133 for a de-registration (the home agent holds no binding: de-registered all the same).
 *
 * <p><b>Several home agents</b> (roam6, the multi-HA paper, DESIGN.md section 3): with
 * {@code MnHomeAgents} above 1 the list keeps up to that many home registrations, one entry per
 * home agent, each with its own Sequence #, timers, retransmissions and BA tracking as above.
 * The home agents come from the configuration ({@code HomeAgentAddress} repeated) and from DHAAD
 * ({@link #homeAgents}). With more than one in use, every Binding Update carries the M bit
 * ({@link MobilityExtensions#mFlag()}) and the Multiple Home Agents option listing all of them,
 * the same list in the same order to each; a move registers with all, the home link de-registers
 * from all. The primary home agent, the one the reverse tunnel uses, is the first in the list
 * whose binding is for the current care-of address (else the first holding a binding); the
 * listener hears when it changes. A Home Agent Unreachable from one of them
 * ({@link #onHomeAgentUnreachable}) drops the dead ones at once and asks for replacements. With
 * one home agent in use nothing of this shows: no M bit, no option, RFC 6275 as it is.
 *
 * <p>Thread-safe: the movement detector, the receive thread and the timer thread call in; the
 * listener is told after the lock is released.
 */
public final class BindingUpdateList {

    private static final Logger LOG = LoggerFactory.getLogger(BindingUpdateList.class);

    /** RFC 6275 12: MAX_BINDACK_TIMEOUT, the longest wait for a Binding Acknowledgement. */
    public static final Duration MAX_BINDACK_TIMEOUT = Duration.ofSeconds(32);
    /** A binding is refreshed at this fraction of its lifetime (UMIP's 95 %). */
    public static final double REFRESH_FRACTION = 0.95;
    /** Resends at once (status 135, 144) in a row before only the timers retransmit. */
    static final int MAX_IMMEDIATE_RESENDS = 3;
    /** Transmissions of one attempt whose Sequence # a BA may still acknowledge. */
    static final int SENT_HISTORY = 8;

    /** The state of a home registration, as {@code show bul} names it. */
    public enum State {
        /** Nothing to do or nothing possible: no home agent known, not attached, or de-registered. */
        IDLE("idle"),
        /** A Binding Update for a new care-of address is outstanding. */
        REGISTERING("registering"),
        /** The home agent holds the binding (a refresh may be outstanding). */
        REGISTERED("registered"),
        /** The de-registration from the home link is outstanding. */
        DEREGISTERING("deregistering"),
        /** The home agent refused the last Binding Update (see {@link #lastStatus()}). */
        FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Why a Home Agent Unreachable message was taken or ignored ({@link #onHomeAgentUnreachable}).
     */
    public enum UnreachableVerdict {
        /** From a home agent holding a binding, naming only other home agents in use: taken. */
        ACCEPTED("accepted"),
        /** The source is not a home agent holding a binding of the home address. */
        NOT_FROM_HOME_AGENT("not_from_home_agent"),
        /** It names an address that is not one of the home agents in use. */
        UNKNOWN_HOME_AGENT("unknown_home_agent"),
        /** It names its own sender. */
        NAMES_SENDER("names_sender");

        private final String label;

        UnreachableVerdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One transmission: which Sequence #, when, from which care-of address, with which timestamp. */
    private record Sent(int sequence, long atNanos, Ipv6Address careOfAddress, long timestamp) {}

    /**
     * The timers of one home registration (RFC 6275 12), armed and cancelled only under the list's
     * lock. {@code bindAck}: the BA wait, InitialBindackTimeoutFirstReg / InitialBindackTimeoutReReg
     * doubling up to MAX_BINDACK_TIMEOUT; {@code refresh}: the next refreshing BU;
     * {@code lifetime}: the end of the binding the home agent granted.
     */
    private final class HomeTimers {
        final Timers.Timer bindAck;
        final Timers.Timer refresh;
        final Timers.Timer lifetime;

        HomeTimers(Timers timers, String suffix, HomeEntry e) {
            bindAck = timers.timer("InitialBindackTimeout " + suffix, () -> onBindAckTimeout(e));
            refresh = timers.timer("BindingRefresh " + suffix, () -> onRefreshDue(e));
            lifetime = timers.timer("BindingLifetime " + suffix, () -> onLifetimeExpired(e));
        }

        void cancelAll() {
            bindAck.cancel();
            refresh.cancel();
            lifetime.cancel();
        }
    }

    /**
     * One Binding Update List entry of the home registration (RFC 6275 11.1): one home agent,
     * with its own Sequence #, timers, retransmissions and Binding Acknowledgement tracking. All
     * fields are guarded by the list's lock.
     */
    private final class HomeEntry {
        final HomeTimers timers;
        final ArrayDeque<Sent> sent = new ArrayDeque<>();
        Ipv6Address homeAgent;
        NtpTimestamp.Source timestamps;
        Duration clockCorrection = Duration.ZERO;
        State state = State.IDLE;
        int sequence;
        boolean outstanding;
        boolean deregistration;
        boolean bindingAtHomeAgent;
        Ipv6Address careOfAddress;
        Ipv6Address boundCareOf;
        Duration wait;
        int retransmissions;
        int immediateResends;
        int grantedSeconds;
        long expiresAtNanos;
        int lastStatus = -1;
        long lastRoundTripNanos = -1;

        HomeEntry(Ipv6Address homeAgent, int sequence, String timerSuffix) {
            this.homeAgent = homeAgent;
            this.sequence = sequence;
            this.timestamps = new NtpTimestamp.Source(wallClock);
            this.timers = new HomeTimers(BindingUpdateList.this.timers, timerSuffix, this);
        }

        /** A new home agent in this entry, or none: no binding there yet, nothing outstanding. */
        void reset(Ipv6Address ha) {
            homeAgent = ha;
            timers.cancelAll();
            outstanding = false;
            bindingAtHomeAgent = false;
            boundCareOf = null;
            grantedSeconds = 0;
            retransmissions = 0;
            sent.clear();
            state = State.IDLE;
        }
    }

    private final Ipv6Address homeAddress;
    private final MnHaKey key;
    private final int requestedUnits;
    private final Duration firstRegTimeout;
    private final Duration reRegTimeout;
    private final SignallingOutput out;
    private final Timers timers;
    private final Clock wallClock;
    private final RandomGenerator random;
    private final MobileNodeStats stats;
    private final HomeRegistrationListener listener;
    private final MobilityExtensions ext;
    private final int maxHomeAgents;
    /** The home agents in use, in order; never empty: the first may have no home agent (none known). */
    private final List<HomeEntry> entries = new ArrayList<>();
    private final List<Runnable> notices = new ArrayList<>();
    private volatile Supplier<List<Map<String, Object>>> extraRows = List::of;
    /** Snapshot of the home agents in use, for the receive threads. */
    private volatile List<Ipv6Address> homeAgentsInUse = List.of();

    private Attachment attachment;
    private boolean attached;
    private Ipv6Address primaryHomeAgent;
    private Ipv6Address primaryCareOf;

    /**
     * @param config the home address, key, lifetime, initial BA waits, home agents and how many
     *               to use at once ({@code MnHomeAgents})
     * @param out how Binding Updates leave
     * @param timers the daemon's timers (their clock is the monotonic time of this list)
     * @param wallClock the wall clock of RFC 4285 timestamps
     * @param random where the first Sequence # of each home registration comes from
     * @param stats counts what happens
     * @param listener told how the registration goes
     * @param ext the multi-HA code points (the M bit, the Multiple Home Agents option's type)
     */
    public BindingUpdateList(MobileNodeConfig config, SignallingOutput out, Timers timers, Clock wallClock,
                             RandomGenerator random, MobileNodeStats stats, HomeRegistrationListener listener,
                             MobilityExtensions ext) {
        this.homeAddress = config.homeAddress();
        this.key = config.key().orElse(null);
        this.requestedUnits = Math.min(0xffff,
                Math.max(1, config.maxHomeBindingLifetime() / BindingUpdate.LIFETIME_UNIT_SECONDS));
        this.firstRegTimeout = config.initialBindackTimeoutFirstReg();
        this.reRegTimeout = config.initialBindackTimeoutReReg();
        this.out = Objects.requireNonNull(out, "out");
        this.timers = timers;
        this.wallClock = wallClock;
        this.random = random;
        this.stats = stats;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ext = ext;
        this.maxHomeAgents = Math.max(1, config.homeAgentCount());
        List<Ipv6Address> configured = config.homeAgentAddresses();
        entries.add(new HomeEntry(configured.isEmpty() ? null : configured.get(0), random.nextInt(0x10000),
                homeAddress.toString()));
        for (int i = 1; i < configured.size() && entries.size() < maxHomeAgents; i++) {
            entries.add(newEntry(configured.get(i)));
        }
        publishHomeAgents();
    }

    /** With the code points of {@code config} ({@link MobileNodeConfig#extensions()}). */
    public BindingUpdateList(MobileNodeConfig config, SignallingOutput out, Timers timers, Clock wallClock,
                             RandomGenerator random, MobileNodeStats stats, HomeRegistrationListener listener) {
        this(config, out, timers, wallClock, random, stats, listener, config.extensions());
    }

    private HomeEntry newEntry(Ipv6Address ha) {
        return new HomeEntry(ha, random.nextInt(0x10000), homeAddress + " " + ha);
    }

    /** Rows {@link #view()} appends after the home agents' (the correspondents' entries). */
    public void includeRows(Supplier<List<Map<String, Object>>> rows) {
        this.extraRows = Objects.requireNonNull(rows, "rows");
    }

    // ---- inputs ------------------------------------------------------------------------------

    /**
     * The (first) home agent to register with: from the configuration, or found by DHAAD (RFC
     * 6275 11.4.1); null or {@code ::} forgets it. A different home agent holds no binding yet, so
     * the next registration is a first one; when away it starts at once. With several home agents
     * in use this replaces the first one; {@link #homeAgents} adds more.
     */
    public void homeAgent(Ipv6Address ha) {
        Ipv6Address a = ha == null || ha.isUnspecified() ? null : ha;
        synchronized (this) {
            HomeEntry first = entries.get(0);
            if (Objects.equals(a, first.homeAgent)) {
                return;
            }
            LOG.info("home agent {}{}", a == null ? "forgotten" : a,
                    first.homeAgent == null ? "" : " (was " + first.homeAgent + ")");
            boolean wasMulti = multipleHomeAgents();
            for (int i = entries.size() - 1; i >= 1; i--) {
                if (a == null || entries.get(i).homeAgent.equals(a)) {
                    entries.remove(i).timers.cancelAll();
                }
            }
            first.reset(a);
            publishHomeAgents();
            if (a != null && attached && !attachment.atHome()) {
                startRegistration(first);
                if (wasMulti || multipleHomeAgents()) {
                    resendToOthers(first);
                }
            }
            checkPrimary();
        }
        tellListener();
    }

    /**
     * Home agents found by DHAAD (RFC 6275 11.4.1), in preference order: the list takes the
     * first ones it does not use yet, up to {@code MnHomeAgents} in all (the home agents already
     * in use stay, first; one that refused the registration gives its place up). With {@code MnHomeAgents 1} only a node without a home agent takes the
     * first. When away, each new home agent is registered with at once and, with more than one in
     * use, every home agent gets a new Binding Update with the new Multiple Home Agents option.
     * The caller leaves out the home agents it knows to be dead.
     */
    public void homeAgents(List<Ipv6Address> candidates) {
        synchronized (this) {
            List<HomeEntry> added = new ArrayList<>();
            for (Ipv6Address c : candidates) {
                if (c == null || c.isUnspecified() || inUse(c) != null) {
                    continue;
                }
                HomeEntry first = entries.get(0);
                HomeEntry failed = maxHomeAgents > 1 ? failedEntry() : null;
                if (first.homeAgent == null) {
                    first.reset(c);
                    added.add(first);
                } else if (failed != null) {
                    LOG.info("home agent {} in place of {}, which refused the registration", c, failed.homeAgent);
                    failed.reset(c);
                    added.add(failed);
                } else if (entries.size() < maxHomeAgents) {
                    HomeEntry e = newEntry(c);
                    entries.add(e);
                    added.add(e);
                } else {
                    break;
                }
            }
            if (added.isEmpty()) {
                return;
            }
            publishHomeAgents();
            LOG.info("home agents {} (added {})", homeAgentsInUse, added.stream().map(e -> e.homeAgent).toList());
            if (attached && !attachment.atHome()) {
                for (HomeEntry e : entries) {
                    if (added.contains(e)) {
                        startRegistration(e);
                    } else if (e.state == State.REGISTERED || e.state == State.REGISTERING) {
                        startRegistration(e); // the new Multiple Home Agents option
                    }
                }
            }
            checkPrimary();
        }
        tellListener();
    }

    /** An entry whose home agent refused the registration (state failed), or null. */
    private HomeEntry failedEntry() {
        for (HomeEntry e : entries) {
            if (e.state == State.FAILED) {
                return e;
            }
        }
        return null;
    }

    /** Movement detection concluded a new attachment (RFC 6275 11.5.1): register, or de-register at home. */
    public void onAttached(Attachment a) {
        synchronized (this) {
            attachment = a;
            attached = true;
            for (HomeEntry e : entries) {
                if (e.homeAgent == null) {
                    continue;
                }
                if (a.atHome()) {
                    startDeregistration(e);
                } else {
                    startRegistration(e);
                }
            }
            checkPrimary();
        }
        tellListener();
    }

    /** The link is gone: no Binding Update can leave, so retransmissions and refreshes pause. */
    public synchronized void onDetached(String interfaceName) {
        attached = false;
        for (HomeEntry e : entries) {
            e.timers.bindAck.cancel();
            e.timers.refresh.cancel();
        }
    }

    /**
     * A Binding Acknowledgement (RFC 6275 11.7.3): {@code mh[off, off+len)} is its Mobility
     * Header as received (for the RFC 4285 authenticator), {@code ba} its decoded value,
     * {@code source} the IPv6 source.
     */
    public void onBindingAck(MobilityMessage.BindingAcknowledgement ba, byte[] mh, int off, int len,
                             Ipv6Address source) {
        synchronized (this) {
            HomeEntry e = inUse(source);
            if (e == null) {
                stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
                return;
            }
            bindingAck(e, ba, mh, off, len, source);
            checkPrimary();
        }
        tellListener();
    }

    /** A Binding Refresh Request (RFC 6275 11.7.4): from a home agent in use, a Binding Update goes at once. */
    public void onBindingRefreshRequest(Ipv6Address source) {
        synchronized (this) {
            HomeEntry e = inUse(source);
            if (e == null) {
                stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
                return;
            }
            stats.bindingRefreshRequest();
            if (!attached || attachment.atHome() || (e.state != State.REGISTERED && e.state != State.REGISTERING)) {
                LOG.debug("Binding Refresh Request from {} ignored in state {}", source, e.state.label());
                return;
            }
            LOG.info("Binding Refresh Request from {}", source);
            startRegistration(e);
        }
        tellListener();
    }

    /**
     * A Binding Error (RFC 6275 11.3.6) from a home agent in use: logged and counted; status 1
     * (the home agent has no binding for the home address) registers again, as a first
     * registration.
     */
    public void onBindingError(MobilityMessage.BindingError be, Ipv6Address source) {
        synchronized (this) {
            HomeEntry e = inUse(source);
            if (e == null) {
                stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
                return;
            }
            stats.bindingError(be.status());
            LOG.warn("BE from {}: status {} ({}), home address {}", source, be.status(), bindingErrorText(be.status()),
                    be.homeAddress());
            if (be.status() == BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION && attached
                    && !attachment.atHome()) {
                e.bindingAtHomeAgent = false;
                e.boundCareOf = null;
                e.grantedSeconds = 0;
                e.timers.lifetime.cancel();
                startRegistration(e);
            }
            checkPrimary();
        }
        tellListener();
    }

    /**
     * Home Agent Unreachable (the multi-HA paper's message, DESIGN.md section 3): a live home
     * agent says that others are dead. Taken only from a home agent that holds a binding of the
     * home address and only when every home agent it names is another one in use; anything else
     * is ignored and counted. Taken: the dead home agents leave the list at once (no
     * de-registration goes to them), the tunnel's home agent changes if it was one of them
     * ({@link HomeRegistrationListener#onPrimaryHomeAgent}), and the listener is asked for
     * replacements ({@link HomeRegistrationListener#onHomeAgentLost}, answered through
     * {@link #homeAgents}).
     *
     * @param destination where it came to (the care-of or the home address; null if unknown), logged
     * @return what was made of it
     */
    public UnreachableVerdict onHomeAgentUnreachable(HomeAgentUnreachable msg, Ipv6Address source,
                                                    Ipv6Address destination) {
        UnreachableVerdict verdict;
        synchronized (this) {
            verdict = judge(msg, source);
            stats.homeAgentUnreachable(verdict);
            if (verdict != UnreachableVerdict.ACCEPTED) {
                LOG.warn("Home Agent Unreachable from {} to {} naming {} ignored: {}", source, destination,
                        msg.homeAgents(), verdict.label());
                return verdict;
            }
            List<Ipv6Address> dead = List.copyOf(new LinkedHashSet<>(msg.homeAgents()));
            LOG.warn("Home Agent Unreachable from {}: home agent{} {} dead, dropped", source,
                    dead.size() == 1 ? "" : "s", dead);
            for (Ipv6Address d : dead) {
                HomeEntry e = inUse(d);
                e.timers.cancelAll();
                entries.remove(e);
            }
            publishHomeAgents();
            checkPrimary();
            notices.add(() -> listener.onHomeAgentLost(dead));
        }
        tellListener();
        return verdict;
    }

    private UnreachableVerdict judge(HomeAgentUnreachable msg, Ipv6Address source) {
        HomeEntry from = inUse(source);
        if (from == null || !from.bindingAtHomeAgent) {
            return UnreachableVerdict.NOT_FROM_HOME_AGENT;
        }
        for (Ipv6Address d : msg.homeAgents()) {
            if (d.equals(source)) {
                return UnreachableVerdict.NAMES_SENDER;
            }
            if (inUse(d) == null) {
                return UnreachableVerdict.UNKNOWN_HOME_AGENT;
            }
        }
        return UnreachableVerdict.ACCEPTED;
    }

    // ---- what the state machine does ---------------------------------------------------------

    private HomeEntry inUse(Ipv6Address ha) {
        if (ha == null) {
            return null;
        }
        for (HomeEntry e : entries) {
            if (ha.equals(e.homeAgent)) {
                return e;
            }
        }
        return null;
    }

    /** Whether Binding Updates carry the M bit and the Multiple Home Agents option: more than one home agent in use. */
    private boolean multipleHomeAgents() {
        return maxHomeAgents > 1 && entries.size() > 1;
    }

    private void publishHomeAgents() {
        List<Ipv6Address> l = new ArrayList<>(entries.size());
        for (HomeEntry e : entries) {
            if (e.homeAgent != null) {
                l.add(e.homeAgent);
            }
        }
        homeAgentsInUse = List.copyOf(l);
    }

    /** The entries other than {@code except} tell their home agents the new list. */
    private void resendToOthers(HomeEntry except) {
        for (HomeEntry e : entries) {
            if (e != except && (e.state == State.REGISTERED || e.state == State.REGISTERING)) {
                startRegistration(e);
            }
        }
    }

    /**
     * The primary home agent, the one the reverse tunnel uses: the first in the list whose
     * binding is for the current care-of address, else the first holding any binding. Tells the
     * listener when it (or its care-of address) changes.
     */
    private void checkPrimary() {
        HomeEntry primary = null;
        Ipv6Address current = attached && attachment != null && !attachment.atHome() ? attachment.careOfAddress() : null;
        for (HomeEntry e : entries) {
            if (e.homeAgent == null || !e.bindingAtHomeAgent || e.deregistration || e.boundCareOf == null) {
                continue;
            }
            if (e.boundCareOf.equals(current)) {
                primary = e;
                break;
            }
            if (primary == null) {
                primary = e;
            }
        }
        if (primary == null) {
            primaryHomeAgent = null;
            primaryCareOf = null;
            return;
        }
        if (primary.homeAgent.equals(primaryHomeAgent) && primary.boundCareOf.equals(primaryCareOf)) {
            return;
        }
        Ipv6Address ha = primary.homeAgent;
        Ipv6Address coa = primary.boundCareOf;
        if (primaryHomeAgent != null && !primaryHomeAgent.equals(ha)) {
            LOG.info("primary home agent {} (was {})", ha, primaryHomeAgent);
        }
        primaryHomeAgent = ha;
        primaryCareOf = coa;
        notices.add(() -> listener.onPrimaryHomeAgent(ha, coa));
    }

    private void startRegistration(HomeEntry e) {
        boolean refresh = e.state == State.REGISTERED && attachment.careOfAddress().equals(e.careOfAddress);
        e.deregistration = false;
        e.careOfAddress = attachment.careOfAddress();
        e.state = refresh ? State.REGISTERED : State.REGISTERING;
        begin(e, e.bindingAtHomeAgent ? reRegTimeout : firstRegTimeout);
    }

    private void startDeregistration(HomeEntry e) {
        e.deregistration = true;
        e.careOfAddress = homeAddress;
        e.state = State.DEREGISTERING;
        begin(e, reRegTimeout);
    }

    private void begin(HomeEntry e, Duration initialWait) {
        e.timers.refresh.cancel();
        e.outstanding = true;
        e.wait = initialWait;
        e.retransmissions = 0;
        e.immediateResends = 0;
        e.sent.clear();
        transmit(e);
    }

    /** Sends the next Binding Update of the attempt and arms the BA wait. */
    private void transmit(HomeEntry e) {
        e.sequence = (e.sequence + 1) & 0xffff;
        Ipv6Address ha = e.homeAgent;
        long ts = key != null ? e.timestamps.next() : 0;
        int units = e.deregistration ? 0 : requestedUnits;
        byte[] mh = bindingUpdate(e.sequence, units, e.careOfAddress, ts,
                multipleHomeAgents() ? homeAgentsInUse : List.of());
        boolean ok;
        if (e.deregistration) {
            ok = out.sendMobilityHeader(mh, 0, mh.length, homeAddress, ha);
        } else {
            byte[] packet = new Ipv6PacketBuilder().source(e.careOfAddress).destination(ha).hopLimit(64)
                    .homeAddressOption(homeAddress).payload(IpProtocol.MOBILITY, mh).build();
            ok = out.sendPacket(packet, 0, packet.length, ha);
        }
        if (e.sent.size() == SENT_HISTORY) {
            e.sent.removeFirst();
        }
        e.sent.addLast(new Sent(e.sequence, timers.clock().nanoTime(), e.careOfAddress, ts));
        stats.bindingUpdateSent(e.retransmissions > 0 ? MobileNodeStats.UpdateKind.RETRANSMISSION
                : e.deregistration ? MobileNodeStats.UpdateKind.DEREGISTRATION : MobileNodeStats.UpdateKind.REGISTRATION);
        String again = e.retransmissions > 0 ? ", retransmission " + e.retransmissions : "";
        if (e.deregistration) {
            LOG.info("BU seq {} sent to {}: de-registration{}", e.sequence, ha, again);
        } else {
            LOG.info("BU seq {} sent to {}: care-of address {}, lifetime {} s{}", e.sequence, ha, e.careOfAddress,
                    units * BindingUpdate.LIFETIME_UNIT_SECONDS, again);
        }
        if (!ok) {
            LOG.debug("BU seq {} was not sent; retransmitting in {} ms", e.sequence, e.wait.toMillis());
        }
        e.timers.bindAck.schedule(e.wait);
    }

    /**
     * The Mobility Header of a Binding Update (RFC 6275 6.1.7) to a home agent, with the
     * Alternate Care-of Address option, with more than one home agent in use the M bit and the
     * Multiple Home Agents option listing them all (in order), and, with a key, the RFC 4285
     * options (the authenticator computed, the checksum left 0).
     */
    byte[] bindingUpdate(int seq, int lifetimeUnits, Ipv6Address coa, long timestamp, List<Ipv6Address> homeAgents) {
        List<MobilityOption> options = new ArrayList<>(4);
        options.add(new MobilityOption.AlternateCareOfAddress(coa));
        int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;
        if (!homeAgents.isEmpty()) {
            flags |= ext.mFlag();
            options.add(new MobilityOption.MultipleHomeAgents(homeAgents));
        }
        if (key != null) {
            options.add(new MobilityOption.MobilityMessageReplayProtection(timestamp));
            options.add(new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA,
                    Integer.toUnsignedLong(key.spi()), new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]));
        }
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq, flags, lifetimeUnits, options),
                ext);
        if (key != null) {
            MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(
                    mh, 0, mh.length, MnHaAuthentication.SUBTYPE_MN_HA, ext);
            // RFC 4285 5.1: care-of address (the Alternate Care-of Address), home address, MH up to the SPI
            MnHaAuthentication.authenticator(key, coa, homeAddress, mh, 0, at.coveredLength(), mh,
                    at.authenticatorOffset());
        }
        return mh;
    }

    /** The single-home-agent Binding Update (no M bit, no Multiple Home Agents option). */
    byte[] bindingUpdate(int seq, int lifetimeUnits, Ipv6Address coa, long timestamp) {
        return bindingUpdate(seq, lifetimeUnits, coa, timestamp, List.of());
    }

    private void onBindAckTimeout(HomeEntry e) {
        synchronized (this) {
            if (!entries.contains(e) || !e.outstanding || !attached || e.homeAgent == null) {
                return;
            }
            if (e.wait.compareTo(MAX_BINDACK_TIMEOUT) >= 0) {
                Ipv6Address ha = e.homeAgent;
                stats.homeAgentSilent();
                LOG.warn("home agent {} has not answered for {} s", ha, MAX_BINDACK_TIMEOUT.toSeconds());
                notices.add(() -> listener.onHomeAgentSilent(ha));
            }
            Duration doubled = e.wait.multipliedBy(2);
            e.wait = doubled.compareTo(MAX_BINDACK_TIMEOUT) > 0 ? MAX_BINDACK_TIMEOUT : doubled;
            e.retransmissions++;
            transmit(e);
        }
        tellListener();
    }

    private void onRefreshDue(HomeEntry e) {
        synchronized (this) {
            if (!entries.contains(e) || e.state != State.REGISTERED || e.outstanding || !attached
                    || attachment.atHome() || e.homeAgent == null) {
                return;
            }
            startRegistration(e);
        }
        tellListener();
    }

    private void onLifetimeExpired(HomeEntry e) {
        synchronized (this) {
            if (!entries.contains(e) || !e.bindingAtHomeAgent) {
                return;
            }
            LOG.info("binding of {} at {} expired", homeAddress, e.homeAgent);
            e.bindingAtHomeAgent = false;
            e.boundCareOf = null;
            e.grantedSeconds = 0;
            if (e.state == State.REGISTERED) {
                e.state = e.outstanding ? State.REGISTERING : State.IDLE;
            }
            checkPrimary();
        }
        tellListener();
    }

    private void bindingAck(HomeEntry e, MobilityMessage.BindingAcknowledgement ba, byte[] mh, int off, int len,
                            Ipv6Address source) {
        Ipv6Address ha = e.homeAgent;
        if (!e.outstanding || e.sent.isEmpty()) {
            LOG.debug("BA seq {} from {} while no Binding Update is outstanding: dropped", ba.sequence(), source);
            stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
            return;
        }
        int status = ba.status();
        boolean seqOutOfWindow = status == BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW;
        Sent matched = seqOutOfWindow ? e.sent.peekLast() : find(e, ba.sequence());
        if (matched == null) {
            LOG.debug("BA seq {} from {} matches no outstanding Binding Update: dropped", ba.sequence(), source);
            stats.drop(MobileNodeStats.Drop.UNEXPECTED_SEQUENCE);
            return;
        }
        long haTimestamp = 0;
        if (key != null) {
            MobilityOption.MobilityMessageReplayProtection replay = null;
            MobilityOption.MobilityMessageAuthentication auth = null;
            for (MobilityOption o : ba.options()) {
                if (o instanceof MobilityOption.MobilityMessageReplayProtection r) {
                    replay = r;
                } else if (o instanceof MobilityOption.MobilityMessageAuthentication a
                        && a.subtype() == MnHaAuthentication.SUBTYPE_MN_HA) {
                    auth = a;
                }
            }
            if (auth == null || replay == null) {
                LOG.warn("BA seq {} from {} (status {}) carries no RFC 4285 authentication: dropped", ba.sequence(),
                        source, status);
                stats.drop(MobileNodeStats.Drop.UNAUTHENTICATED);
                return;
            }
            MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(
                    mh, off, len, MnHaAuthentication.SUBTYPE_MN_HA, ext);
            // RFC 4285 5.1: in a BA the care-of address is where the BU came from, the home address ours
            boolean authentic = at != null && auth.spi() == Integer.toUnsignedLong(key.spi())
                    && at.authenticatorLength() == MnHaAuthentication.AUTHENTICATOR_LENGTH
                    && MnHaAuthentication.verify(key.algorithm(), key.secret(), matched.careOfAddress(), homeAddress,
                            mh, off, at.coveredLength(), mh, at.authenticatorOffset());
            if (!authentic) {
                LOG.warn("BA seq {} from {} (status {}): RFC 4285 authenticator does not verify: dropped",
                        ba.sequence(), source, status);
                stats.drop(MobileNodeStats.Drop.BAD_AUTHENTICATOR);
                return;
            }
            haTimestamp = replay.timestamp();
            // RFC 4285 6: the reply carries the request's timestamp (the home agent's own time with 144)
            if (status != BindingAckStatus.MIPV6_ID_MISMATCH && haTimestamp != matched.timestamp()) {
                LOG.warn("BA seq {} from {}: timestamp is not that of the Binding Update: dropped", ba.sequence(),
                        source);
                stats.drop(MobileNodeStats.Drop.BAD_AUTHENTICATOR);
                return;
            }
        }
        long now = timers.clock().nanoTime();
        long rtt = now - matched.atNanos();
        int baLifetime = ba.lifetime() * BindingUpdate.LIFETIME_UNIT_SECONDS;
        LOG.info("BA seq {} from {}: status {} ({}), lifetime {} s, round trip {} ms", ba.sequence(), source, status,
                BindingAckStatus.name(status), baLifetime, String.format(Locale.ROOT, "%.3f", rtt / 1e6));
        stats.bindingAck(status);
        e.lastStatus = status;
        e.lastRoundTripNanos = rtt;

        if (seqOutOfWindow || status == BindingAckStatus.MIPV6_ID_MISMATCH) {
            if (e.immediateResends >= MAX_IMMEDIATE_RESENDS) {
                LOG.warn("status {} again from {}: leaving it to the retransmission timer", status, source);
                return;
            }
            e.immediateResends++;
            if (seqOutOfWindow) {
                e.sequence = ba.sequence(); // the home agent's last accepted number; transmit adds one
            } else {
                correctClock(e, haTimestamp);
            }
            e.retransmissions++;
            transmit(e);
            return;
        }
        if (BindingAckStatus.isAccepted(status) && !e.deregistration) {
            if (baLifetime == 0) {
                LOG.warn("BA seq {} from {} accepts a registration with lifetime 0: waiting for another",
                        ba.sequence(), source);
                return;
            }
            registered(e, ba, matched, baLifetime, rtt);
            return;
        }
        if (e.deregistration && (BindingAckStatus.isAccepted(status)
                || status == BindingAckStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE)) {
            e.timers.cancelAll();
            e.outstanding = false;
            e.bindingAtHomeAgent = false;
            e.boundCareOf = null;
            e.grantedSeconds = 0;
            e.state = State.IDLE;
            notices.add(() -> listener.onDeregistered(ha));
            return;
        }
        e.timers.cancelAll();
        e.outstanding = false;
        e.bindingAtHomeAgent = false;
        e.boundCareOf = null;
        e.grantedSeconds = 0;
        e.state = State.FAILED;
        stats.registrationFailed();
        LOG.warn("home registration of {} with {} failed: status {} ({})", homeAddress, ha, status,
                BindingAckStatus.name(status));
        notices.add(() -> listener.onRegistrationFailed(ha, status));
    }

    private void registered(HomeEntry e, MobilityMessage.BindingAcknowledgement ba, Sent matched, int baLifetime,
                            long rtt) {
        Ipv6Address ha = e.homeAgent;
        int granted = Math.min(requestedUnits * BindingUpdate.LIFETIME_UNIT_SECONDS, baLifetime);
        e.timers.bindAck.cancel();
        e.outstanding = false;
        e.bindingAtHomeAgent = true;
        e.boundCareOf = matched.careOfAddress();
        e.grantedSeconds = granted;
        e.state = State.REGISTERED;
        long now = timers.clock().nanoTime();
        long lifetimeNanos = Duration.ofSeconds(granted).toNanos();
        e.expiresAtNanos = matched.atNanos() + lifetimeNanos;
        long refreshAfter = (long) (lifetimeNanos * REFRESH_FRACTION);
        for (MobilityOption o : ba.options()) {
            if (o instanceof MobilityOption.BindingRefreshAdvice a && a.refreshInterval() > 0) {
                // RFC 6275 6.2.4, 11.7.3: refresh no later than the interval the home agent advises
                refreshAfter = Math.min(refreshAfter,
                        Duration.ofSeconds((long) a.refreshInterval() * BindingUpdate.LIFETIME_UNIT_SECONDS).toNanos());
            }
        }
        e.timers.refresh.schedule(Duration.ofNanos(matched.atNanos() + refreshAfter - now));
        e.timers.lifetime.schedule(Duration.ofNanos(e.expiresAtNanos - now));
        Ipv6Address coa = matched.careOfAddress();
        checkPrimary(); // the tunnel moves before the listener hears of the registration
        notices.add(() -> listener.onRegistered(ha, coa, granted, rtt));
    }

    private static Sent find(HomeEntry e, int seq) {
        for (Sent s : e.sent) {
            if (s.sequence() == seq) {
                return s;
            }
        }
        return null;
    }

    /** RFC 4285 6: after status 144 the mobile node may set its timestamps by the home agent's clock. */
    private void correctClock(HomeEntry e, long haTimestamp) {
        long diff = NtpTimestamp.difference(haTimestamp, NtpTimestamp.now(wallClock));
        e.clockCorrection = Duration.ofNanos((long) (diff / 4294967296.0 * 1e9));
        LOG.warn("home agent {}'s clock differs from ours by {} ms (status 144): timestamps follow its clock",
                e.homeAgent, e.clockCorrection.toMillis());
        e.timestamps = new NtpTimestamp.Source(Clock.offset(wallClock, e.clockCorrection));
    }

    private void tellListener() {
        List<Runnable> todo;
        synchronized (this) {
            if (notices.isEmpty()) {
                return;
            }
            todo = new ArrayList<>(notices);
            notices.clear();
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("home registration listener failed", e);
            }
        }
    }

    private static String bindingErrorText(int status) {
        return switch (status) {
            case BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION -> "unknown binding for Home Address option";
            case BindingErrorStatus.UNRECOGNIZED_MH_TYPE -> "unrecognized MH Type value";
            default -> "status " + status;
        };
    }

    // ---- what others read --------------------------------------------------------------------

    /** The first home agent of the list, or null while none is known. */
    public Ipv6Address homeAgent() {
        List<Ipv6Address> l = homeAgentsInUse;
        return l.isEmpty() ? null : l.get(0);
    }

    /** Every home agent in use, in order (empty while none is known). */
    public List<Ipv6Address> homeAgents() {
        return homeAgentsInUse;
    }

    /** Whether {@code address} is one of the home agents in use (where BA, BRR and BE may come from). */
    public boolean isHomeAgent(Ipv6Address address) {
        return address != null && homeAgentsInUse.contains(address);
    }

    /** {@code MnHomeAgents}: how many home agents the list registers with at once. */
    public int maxHomeAgents() {
        return maxHomeAgents;
    }

    /** Whether the list uses fewer home agents than {@code MnHomeAgents} (DHAAD may find more). */
    public boolean wantsHomeAgents() {
        return homeAgentsInUse.size() < maxHomeAgents;
    }

    /** The home agent the reverse tunnel uses (see {@link HomeRegistrationListener#onPrimaryHomeAgent}), or null. */
    public synchronized Ipv6Address primaryHomeAgent() {
        return primaryHomeAgent;
    }

    public Ipv6Address homeAddress() {
        return homeAddress;
    }

    /** The state of the registration with the first home agent. */
    public synchronized State state() {
        return entries.get(0).state;
    }

    /** The state of the registration with {@code ha}, or null when it is not in use. */
    public synchronized State state(Ipv6Address ha) {
        HomeEntry e = inUse(ha);
        return e == null ? null : e.state;
    }

    /** The Sequence # of the last Binding Update sent to the first home agent. */
    public synchronized int sequence() {
        return entries.get(0).sequence;
    }

    /** The last BA status taken from the first home agent, -1 before the first. */
    public synchronized int lastStatus() {
        return entries.get(0).lastStatus;
    }

    /** Seconds of the binding the first home agent holds (0 when none). */
    public synchronized int grantedLifetime() {
        return entries.get(0).grantedSeconds;
    }

    /**
     * {@code show bul}: one map per Binding Update List entry (RFC 6275 11.1), the home agents'
     * first (one row each, in order), then those of {@link #includeRows}: {@code peer, role, hoa,
     * coa, seq, state, lifetime_s, remaining_s, retransmissions, last_status, last_rtt_ms}.
     */
    public List<Map<String, Object>> view() {
        List<Map<String, Object>> rows = new ArrayList<>();
        synchronized (this) {
            long now = timers.clock().nanoTime();
            for (HomeEntry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("peer", e.homeAgent == null ? null : e.homeAgent.toString());
                m.put("role", "home-agent");
                m.put("hoa", homeAddress.toString());
                m.put("coa", e.careOfAddress == null ? null : e.careOfAddress.toString());
                m.put("seq", e.sequence);
                m.put("state", e.state.label());
                m.put("lifetime_s", e.bindingAtHomeAgent ? e.grantedSeconds
                        : e.deregistration ? 0 : requestedUnits * BindingUpdate.LIFETIME_UNIT_SECONDS);
                long left = e.bindingAtHomeAgent ? Math.max(0, e.expiresAtNanos - now) : 0;
                m.put("remaining_s", left / 1_000_000_000L);
                m.put("retransmissions", e.retransmissions);
                m.put("last_status", e.lastStatus < 0 ? null : e.lastStatus);
                m.put("last_rtt_ms", e.lastRoundTripNanos < 0 ? null : Math.round(e.lastRoundTripNanos / 1e3) / 1e3);
                rows.add(m);
            }
        }
        rows.addAll(extraRows.get());
        return rows;
    }
}
