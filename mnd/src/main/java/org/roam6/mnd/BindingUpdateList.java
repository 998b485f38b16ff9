package org.roam6.mnd;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** The state of the home registration, as {@code show bul} names it. */
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

    /** One transmission: which Sequence #, when, from which care-of address, with which timestamp. */
    private record Sent(int sequence, long atNanos, Ipv6Address careOfAddress, long timestamp) {}

    /**
     * The home registration's timers (RFC 6275 12), armed and cancelled only under the list's lock.
     * {@code bindAck}: the BA wait, InitialBindackTimeoutFirstReg / InitialBindackTimeoutReReg
     * doubling up to MAX_BINDACK_TIMEOUT; {@code refresh}: the next refreshing BU;
     * {@code lifetime}: the end of the binding the home agent granted.
     */
    private final class HomeTimers {
        final Timers.Timer bindAck;
        final Timers.Timer refresh;
        final Timers.Timer lifetime;

        HomeTimers(Timers timers, Ipv6Address hoa) {
            bindAck = timers.timer("InitialBindackTimeout " + hoa, BindingUpdateList.this::onBindAckTimeout);
            refresh = timers.timer("BindingRefresh " + hoa, BindingUpdateList.this::onRefreshDue);
            lifetime = timers.timer("BindingLifetime " + hoa, BindingUpdateList.this::onLifetimeExpired);
        }

        void cancelAll() {
            bindAck.cancel();
            refresh.cancel();
            lifetime.cancel();
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
    private final MobileNodeStats stats;
    private final HomeRegistrationListener listener;
    private final MobilityExtensions ext;
    private final HomeTimers homeTimers;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final List<Runnable> notices = new ArrayList<>();
    private volatile Supplier<List<Map<String, Object>>> extraRows = List::of;

    private volatile Ipv6Address homeAgent;
    private NtpTimestamp.Source timestamps;
    private Duration clockCorrection = Duration.ZERO;
    private Attachment attachment;
    private boolean attached;
    private State state = State.IDLE;
    private int sequence;
    private boolean outstanding;
    private boolean deregistration;
    private boolean bindingAtHomeAgent;
    private Ipv6Address careOfAddress;
    private Duration wait;
    private int retransmissions;
    private int immediateResends;
    private int grantedSeconds;
    private long expiresAtNanos;
    private int lastStatus = -1;
    private long lastRoundTripNanos = -1;

    /**
     * @param config the home address, key, lifetime and initial BA waits
     * @param out how Binding Updates leave
     * @param timers the daemon's timers (their clock is the monotonic time of this list)
     * @param wallClock the wall clock of RFC 4285 timestamps
     * @param random where the first Sequence # comes from
     * @param stats counts what happens
     * @param listener told how the registration goes
     * @param ext the multi-HA code points (the codec's option numbering)
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
        this.timestamps = new NtpTimestamp.Source(wallClock);
        this.stats = stats;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ext = ext;
        this.sequence = random.nextInt(0x10000);
        this.homeTimers = new HomeTimers(timers, homeAddress);
        this.homeAgent = config.homeAgentAddress().orElse(null);
    }

    /** With the default multi-HA code points. */
    public BindingUpdateList(MobileNodeConfig config, SignallingOutput out, Timers timers, Clock wallClock,
                             RandomGenerator random, MobileNodeStats stats, HomeRegistrationListener listener) {
        this(config, out, timers, wallClock, random, stats, listener, MobilityExtensions.DEFAULT);
    }

    /** Rows {@link #view()} appends after the home agent's (the correspondents' entries). */
    public void includeRows(Supplier<List<Map<String, Object>>> rows) {
        this.extraRows = Objects.requireNonNull(rows, "rows");
    }

    // ---- inputs ------------------------------------------------------------------------------

    /**
     * The home agent to register with: from the configuration, or found by DHAAD (RFC 6275
     * 11.4.1); null or {@code ::} forgets it. A different home agent holds no binding yet, so
     * the next registration is a first one; when away it starts at once.
     */
    public void homeAgent(Ipv6Address ha) {
        Ipv6Address a = ha == null || ha.isUnspecified() ? null : ha;
        synchronized (this) {
            if (Objects.equals(a, homeAgent)) {
                return;
            }
            LOG.info("home agent {}{}", a == null ? "forgotten" : a, homeAgent == null ? "" : " (was " + homeAgent + ")");
            homeAgent = a;
            homeTimers.cancelAll();
            outstanding = false;
            bindingAtHomeAgent = false;
            grantedSeconds = 0;
            retransmissions = 0;
            sent.clear();
            state = State.IDLE;
            if (a != null && attached && !attachment.atHome()) {
                startRegistration();
            }
        }
        tellListener();
    }

    /** Movement detection concluded a new attachment (RFC 6275 11.5.1): register, or de-register at home. */
    public void onAttached(Attachment a) {
        synchronized (this) {
            attachment = a;
            attached = true;
            if (homeAgent == null) {
                return;
            }
            if (a.atHome()) {
                startDeregistration();
            } else {
                startRegistration();
            }
        }
        tellListener();
    }

    /** The link is gone: no Binding Update can leave, so retransmissions and refreshes pause. */
    public synchronized void onDetached(String interfaceName) {
        attached = false;
        homeTimers.bindAck.cancel();
        homeTimers.refresh.cancel();
    }

    /**
     * A Binding Acknowledgement (RFC 6275 11.7.3): {@code mh[off, off+len)} is its Mobility
     * Header as received (for the RFC 4285 authenticator), {@code ba} its decoded value,
     * {@code source} the IPv6 source.
     */
    public void onBindingAck(MobilityMessage.BindingAcknowledgement ba, byte[] mh, int off, int len,
                             Ipv6Address source) {
        synchronized (this) {
            bindingAck(ba, mh, off, len, source);
        }
        tellListener();
    }

    /** A Binding Refresh Request (RFC 6275 11.7.4): from the home agent, a Binding Update goes at once. */
    public void onBindingRefreshRequest(Ipv6Address source) {
        synchronized (this) {
            if (!source.equals(homeAgent)) {
                stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
                return;
            }
            stats.bindingRefreshRequest();
            if (!attached || attachment.atHome() || (state != State.REGISTERED && state != State.REGISTERING)) {
                LOG.debug("Binding Refresh Request from {} ignored in state {}", source, state.label());
                return;
            }
            LOG.info("Binding Refresh Request from {}", source);
            startRegistration();
        }
        tellListener();
    }

    /**
     * A Binding Error (RFC 6275 11.3.6) from the home agent: logged and counted; status 1 (the
     * home agent has no binding for the home address) registers again, as a first registration.
     */
    public void onBindingError(MobilityMessage.BindingError be, Ipv6Address source) {
        synchronized (this) {
            if (!source.equals(homeAgent)) {
                stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
                return;
            }
            stats.bindingError(be.status());
            LOG.warn("BE from {}: status {} ({}), home address {}", source, be.status(), bindingErrorText(be.status()),
                    be.homeAddress());
            if (be.status() == BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION && attached
                    && !attachment.atHome()) {
                bindingAtHomeAgent = false;
                grantedSeconds = 0;
                homeTimers.lifetime.cancel();
                startRegistration();
            }
        }
        tellListener();
    }

    // ---- what the state machine does ---------------------------------------------------------

    private void startRegistration() {
        boolean refresh = state == State.REGISTERED && attachment.careOfAddress().equals(careOfAddress);
        deregistration = false;
        careOfAddress = attachment.careOfAddress();
        state = refresh ? State.REGISTERED : State.REGISTERING;
        begin(bindingAtHomeAgent ? reRegTimeout : firstRegTimeout);
    }

    private void startDeregistration() {
        deregistration = true;
        careOfAddress = homeAddress;
        state = State.DEREGISTERING;
        begin(reRegTimeout);
    }

    private void begin(Duration initialWait) {
        homeTimers.refresh.cancel();
        outstanding = true;
        wait = initialWait;
        retransmissions = 0;
        immediateResends = 0;
        sent.clear();
        transmit();
    }

    /** Sends the next Binding Update of the attempt and arms the BA wait. */
    private void transmit() {
        sequence = (sequence + 1) & 0xffff;
        Ipv6Address ha = homeAgent;
        long ts = key != null ? timestamps.next() : 0;
        int units = deregistration ? 0 : requestedUnits;
        byte[] mh = bindingUpdate(sequence, units, careOfAddress, ts);
        boolean ok;
        if (deregistration) {
            ok = out.sendMobilityHeader(mh, 0, mh.length, homeAddress, ha);
        } else {
            byte[] packet = new Ipv6PacketBuilder().source(careOfAddress).destination(ha).hopLimit(64)
                    .homeAddressOption(homeAddress).payload(IpProtocol.MOBILITY, mh).build();
            ok = out.sendPacket(packet, 0, packet.length, ha);
        }
        if (sent.size() == SENT_HISTORY) {
            sent.removeFirst();
        }
        sent.addLast(new Sent(sequence, timers.clock().nanoTime(), careOfAddress, ts));
        stats.bindingUpdateSent(retransmissions > 0 ? MobileNodeStats.UpdateKind.RETRANSMISSION
                : deregistration ? MobileNodeStats.UpdateKind.DEREGISTRATION : MobileNodeStats.UpdateKind.REGISTRATION);
        String again = retransmissions > 0 ? ", retransmission " + retransmissions : "";
        if (deregistration) {
            LOG.info("BU seq {} sent to {}: de-registration{}", sequence, ha, again);
        } else {
            LOG.info("BU seq {} sent to {}: care-of address {}, lifetime {} s{}", sequence, ha, careOfAddress,
                    units * BindingUpdate.LIFETIME_UNIT_SECONDS, again);
        }
        if (!ok) {
            LOG.debug("BU seq {} was not sent; retransmitting in {} ms", sequence, wait.toMillis());
        }
        homeTimers.bindAck.schedule(wait);
    }

    /**
     * The Mobility Header of a Binding Update (RFC 6275 6.1.7) to the home agent, with the
     * Alternate Care-of Address option and, with a key, the RFC 4285 options (the authenticator
     * computed, the checksum left 0).
     */
    byte[] bindingUpdate(int seq, int lifetimeUnits, Ipv6Address coa, long timestamp) {
        List<MobilityOption> options = new ArrayList<>(3);
        options.add(new MobilityOption.AlternateCareOfAddress(coa));
        if (key != null) {
            options.add(new MobilityOption.MobilityMessageReplayProtection(timestamp));
            options.add(new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA,
                    Integer.toUnsignedLong(key.spi()), new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]));
        }
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq,
                BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, lifetimeUnits, options), ext);
        if (key != null) {
            MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(
                    mh, 0, mh.length, MnHaAuthentication.SUBTYPE_MN_HA, ext);
            // RFC 4285 5.1: care-of address (the Alternate Care-of Address), home address, MH up to the SPI
            MnHaAuthentication.authenticator(key, coa, homeAddress, mh, 0, at.coveredLength(), mh,
                    at.authenticatorOffset());
        }
        return mh;
    }

    private void onBindAckTimeout() {
        synchronized (this) {
            if (!outstanding || !attached || homeAgent == null) {
                return;
            }
            if (wait.compareTo(MAX_BINDACK_TIMEOUT) >= 0) {
                Ipv6Address ha = homeAgent;
                stats.homeAgentSilent();
                LOG.warn("home agent {} has not answered for {} s", ha, MAX_BINDACK_TIMEOUT.toSeconds());
                notices.add(() -> listener.onHomeAgentSilent(ha));
            }
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(MAX_BINDACK_TIMEOUT) > 0 ? MAX_BINDACK_TIMEOUT : doubled;
            retransmissions++;
            transmit();
        }
        tellListener();
    }

    private void onRefreshDue() {
        synchronized (this) {
            if (state != State.REGISTERED || outstanding || !attached || attachment.atHome() || homeAgent == null) {
                return;
            }
            startRegistration();
        }
        tellListener();
    }

    private void onLifetimeExpired() {
        synchronized (this) {
            if (!bindingAtHomeAgent) {
                return;
            }
            LOG.info("binding of {} at {} expired", homeAddress, homeAgent);
            bindingAtHomeAgent = false;
            grantedSeconds = 0;
            if (state == State.REGISTERED) {
                state = outstanding ? State.REGISTERING : State.IDLE;
            }
        }
    }

    private void bindingAck(MobilityMessage.BindingAcknowledgement ba, byte[] mh, int off, int len,
                            Ipv6Address source) {
        Ipv6Address ha = homeAgent;
        if (!source.equals(ha)) {
            stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
            return;
        }
        if (!outstanding || sent.isEmpty()) {
            LOG.debug("BA seq {} from {} while no Binding Update is outstanding: dropped", ba.sequence(), source);
            stats.drop(MobileNodeStats.Drop.UNEXPECTED_MESSAGE);
            return;
        }
        int status = ba.status();
        boolean seqOutOfWindow = status == BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW;
        Sent matched = seqOutOfWindow ? sent.peekLast() : find(ba.sequence());
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
        lastStatus = status;
        lastRoundTripNanos = rtt;

        if (seqOutOfWindow || status == BindingAckStatus.MIPV6_ID_MISMATCH) {
            if (immediateResends >= MAX_IMMEDIATE_RESENDS) {
                LOG.warn("status {} again from {}: leaving it to the retransmission timer", status, source);
                return;
            }
            immediateResends++;
            if (seqOutOfWindow) {
                sequence = ba.sequence(); // the home agent's last accepted number; transmit adds one
            } else {
                correctClock(haTimestamp);
            }
            retransmissions++;
            transmit();
            return;
        }
        if (BindingAckStatus.isAccepted(status) && !deregistration) {
            if (baLifetime == 0) {
                LOG.warn("BA seq {} from {} accepts a registration with lifetime 0: waiting for another",
                        ba.sequence(), source);
                return;
            }
            registered(ba, matched, baLifetime, rtt);
            return;
        }
        if (deregistration && (BindingAckStatus.isAccepted(status)
                || status == BindingAckStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE)) {
            homeTimers.cancelAll();
            outstanding = false;
            bindingAtHomeAgent = false;
            grantedSeconds = 0;
            state = State.IDLE;
            notices.add(() -> listener.onDeregistered(ha));
            return;
        }
        homeTimers.cancelAll();
        outstanding = false;
        bindingAtHomeAgent = false;
        grantedSeconds = 0;
        state = State.FAILED;
        stats.registrationFailed();
        LOG.warn("home registration of {} with {} failed: status {} ({})", homeAddress, ha, status,
                BindingAckStatus.name(status));
        notices.add(() -> listener.onRegistrationFailed(ha, status));
    }

    private void registered(MobilityMessage.BindingAcknowledgement ba, Sent matched, int baLifetime, long rtt) {
        Ipv6Address ha = homeAgent;
        int granted = Math.min(requestedUnits * BindingUpdate.LIFETIME_UNIT_SECONDS, baLifetime);
        homeTimers.bindAck.cancel();
        outstanding = false;
        bindingAtHomeAgent = true;
        grantedSeconds = granted;
        state = State.REGISTERED;
        long now = timers.clock().nanoTime();
        long lifetimeNanos = Duration.ofSeconds(granted).toNanos();
        expiresAtNanos = matched.atNanos() + lifetimeNanos;
        long refreshAfter = (long) (lifetimeNanos * REFRESH_FRACTION);
        for (MobilityOption o : ba.options()) {
            if (o instanceof MobilityOption.BindingRefreshAdvice a && a.refreshInterval() > 0) {
                // RFC 6275 6.2.4, 11.7.3: refresh no later than the interval the home agent advises
                refreshAfter = Math.min(refreshAfter,
                        Duration.ofSeconds((long) a.refreshInterval() * BindingUpdate.LIFETIME_UNIT_SECONDS).toNanos());
            }
        }
        homeTimers.refresh.schedule(Duration.ofNanos(matched.atNanos() + refreshAfter - now));
        homeTimers.lifetime.schedule(Duration.ofNanos(expiresAtNanos - now));
        Ipv6Address coa = matched.careOfAddress();
        notices.add(() -> listener.onRegistered(ha, coa, granted, rtt));
    }

    private Sent find(int seq) {
        for (Sent s : sent) {
            if (s.sequence() == seq) {
                return s;
            }
        }
        return null;
    }

    /** RFC 4285 6: after status 144 the mobile node may set its timestamps by the home agent's clock. */
    private void correctClock(long haTimestamp) {
        long diff = NtpTimestamp.difference(haTimestamp, NtpTimestamp.now(wallClock));
        clockCorrection = Duration.ofNanos((long) (diff / 4294967296.0 * 1e9));
        LOG.warn("home agent {}'s clock differs from ours by {} ms (status 144): timestamps follow its clock",
                homeAgent, clockCorrection.toMillis());
        timestamps = new NtpTimestamp.Source(Clock.offset(wallClock, clockCorrection));
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

    /** The home agent registered with, or null while none is known. */
    public Ipv6Address homeAgent() {
        return homeAgent;
    }

    public Ipv6Address homeAddress() {
        return homeAddress;
    }

    public synchronized State state() {
        return state;
    }

    /** The Sequence # of the last Binding Update sent. */
    public synchronized int sequence() {
        return sequence;
    }

    /** The last BA status taken from the home agent, -1 before the first. */
    public synchronized int lastStatus() {
        return lastStatus;
    }

    /** Seconds of the binding the home agent holds (0 when none). */
    public synchronized int grantedLifetime() {
        return grantedSeconds;
    }

    /**
     * {@code show bul}: one map per Binding Update List entry (RFC 6275 11.1), the home agent's
     * first, then those of {@link #includeRows}: {@code peer, role, hoa, coa, seq, state,
     * lifetime_s, remaining_s, retransmissions, last_status, last_rtt_ms}.
     */
    public List<Map<String, Object>> view() {
        List<Map<String, Object>> rows = new ArrayList<>();
        synchronized (this) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", homeAgent == null ? null : homeAgent.toString());
            m.put("role", "home-agent");
            m.put("hoa", homeAddress.toString());
            m.put("coa", careOfAddress == null ? null : careOfAddress.toString());
            m.put("seq", sequence);
            m.put("state", state.label());
            m.put("lifetime_s", bindingAtHomeAgent ? grantedSeconds
                    : deregistration ? 0 : requestedUnits * BindingUpdate.LIFETIME_UNIT_SECONDS);
            long left = bindingAtHomeAgent ? Math.max(0, expiresAtNanos - timers.clock().nanoTime()) : 0;
            m.put("remaining_s", left / 1_000_000_000L);
            m.put("retransmissions", retransmissions);
            m.put("last_status", lastStatus < 0 ? null : lastStatus);
            m.put("last_rtt_ms", lastRoundTripNanos < 0 ? null : Math.round(lastRoundTripNanos / 1e3) / 1e3);
            rows.add(m);
        }
        rows.addAll(extraRows.get());
        return rows;
    }
}
