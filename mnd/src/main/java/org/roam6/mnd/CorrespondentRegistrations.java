package org.roam6.mnd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.roam6.crypto.PreSharedKeyRr;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.crypto.ReturnRoutabilityTimers;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.CareOfTestInit;
import org.roam6.wire.mh.HomeTestInit;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route optimisation, the mobile node's side: the Return Routability procedure (RFC 6275 5.2,
 * 11.6) and correspondent registration (11.7.2), with the correspondents' entries of the Binding
 * Update List (11.1).
 *
 * <h2>When</h2>
 * With route optimisation configured ({@code DoRouteOptimizationMN}), away from home and
 * registered with the home agent ({@link #moved}), the first packets tunnelled to or from a
 * correspondent ({@link #onTraffic}) start a registration with it. Multicast, link-local and
 * unspecified addresses and the mobile node's own addresses never do.
 *
 * <h2>Return Routability (11.6)</h2>
 * A Home Test Init goes from the home address ({@link SignallingOutput#sendMobilityHeader}: the
 * kernel's policy route carries it into the reverse tunnel) and a Care-of Test Init from the
 * care-of address (directly), each with a random cookie. Both are sent again after 1 s
 * (INITIAL_BINDACK_TIMEOUT, RFC 6275 12), 2 s, then the correspondent is given up after
 * {@value #RR_TRIES} tries in all and held down ({@link #HOLD_DOWN}, 60 s): no new attempt
 * starts for it meanwhile. A Home Test is accepted only from the correspondent to the home
 * address with the outstanding home cookie, a Care-of Test likewise to the care-of address
 * with the care-of cookie. A keygen token is reused while it is younger than MAX_TOKEN_LIFETIME
 * (210 s, RFC 6275 5.2.7) and, for a care-of token, made for the current care-of address; only
 * the missing test is run.
 *
 * <h2>Mobility Agents (paper 003)</h2>
 * The first octet of the Care-of Test Init's Reserved field says whether the mobile node knows
 * Mobility Agents: 1 ({@link MobilityMessage.CareOfTestInit#mobilityAgentAware}) with
 * {@code MnMobilityAgentAware enabled} (the default), 0 with it disabled (a legacy node). An
 * agent answers a legacy node's CoTI with an ICMPv6 Parameter Problem code 1 pointing at the
 * Next Header field that announces the Mobility Header, the invoking packet being the CoTI: the
 * fallback below holds the correspondent down and its traffic stays in the home agent's tunnel.
 *
 * <p>With a pre-shared key for the correspondent ({@code MnCnPreSharedKey}, used only when
 * Mobility Agent aware) there is no HoTI, HoT, CoTI or CoT: each registration (first, refresh,
 * after movement or a Binding Refresh Request) sends the Binding Update at once, without the
 * Nonce Indices option, with Kbm = {@link PreSharedKeyRr#bindingManagementKey}(key, home
 * address, care-of address, correspondent, the BU's sequence number); the authenticator, the A
 * flag and the acknowledgement's verification are as below. BA statuses 136 to 138 name nonce
 * indices this BU did not carry: unauthenticated, they are ignored. The de-registration uses the
 * home address as care-of address.
 *
 * <h2>Correspondent registration (11.7.2)</h2>
 * With both tokens, Kbm = SHA1(home token | care-of token) (RFC 6275 5.2.5) and a Binding Update
 * goes from the care-of address to the correspondent with a Home Address option, built whole
 * ({@link Ipv6PacketBuilder}: checksum over home address -> correspondent) and sent with
 * {@link SignallingOutput#sendPacket}: the Nonce Indices option, then the Binding Authorization
 * Data option last (authenticator First(96, HMAC_SHA1(Kbm, care-of | correspondent | MH)),
 * RFC 6275 5.2.6). Lifetime: the lesser of {@code MnMaxCnBindingLife} and MAX_RR_BINDING_LIFETIME
 * (420 s, RFC 6275 12), in 4 s units. Sequence numbers come from one counter for all
 * correspondents (random start, modulo 2^16), so each correspondent sees them increase.
 * <ul>
 *   <li>Without {@code UseCnBuAck} the A flag is clear and the route-optimised path is enabled
 *       at once ({@link RouteOptimisedPath#enable}).
 *   <li>With it, A is set and the path is enabled only by a Binding Acknowledgement with the
 *       Binding Update's sequence number whose authenticator verifies with Kbm (care-of
 *       address, correspondent, RFC 6275 6.1.8). The BU is sent again (with a new sequence
 *       number) after 1 s and 2 s, then the correspondent is held down. Status 136, 137, 138
 *       (expired nonces, accepted without authenticator since the correspondent has no Kbm to
 *       make one) rerun the home test, the care-of test or both, once; any other refusal
 *       (128 or more, authenticated) holds the correspondent down.
 * </ul>
 * The acknowledgement is verified on the canonical encoding of the decoded message
 * ({@link MobilityHeaderCodec#encode}): a correspondent that pads its options differently from
 * the minimal alignment padding would not verify.
 *
 * <h2>Afterwards</h2>
 * <ul>
 *   <li>Refresh (one simple rule): at {@value #REFRESH_PERCENT} % of the binding's lifetime, if
 *       {@link #onTraffic} was told of the correspondent since the last Binding Update, or the
 *       correspondent sent a Binding Refresh Request, the tests are run again (the tokens are
 *       older than MAX_TOKEN_LIFETIME by then for the default lifetime) and a new BU sent;
 *       otherwise the binding is let lapse: at its end the path is disabled and the entry
 *       forgotten, and the next tunnelled packet starts again.
 *   <li>A Binding Refresh Request (RFC 6275 6.1.2, 11.7.4) from a correspondent holding a binding
 *       reruns both tests and sends a new BU.
 *   <li>A Binding Error (RFC 6275 6.1.9, 11.3.6) with status 1 (unknown binding for the Home
 *       Address option) or 2 (unrecognised MH type) from a correspondent disables the path and
 *       holds the correspondent down.
 *   <li>An ICMPv6 Parameter Problem code 1 (unrecognised Next Header, RFC 4443 3.4) whose
 *       invoking packet is our Home Test Init, Care-of Test Init (matched by cookie) or Binding
 *       Update (by sequence number) to a correspondent means the correspondent does not know
 *       Mobile IPv6 (RFC 6275 11.3.5), or, for the CoTI, that a Mobility Agent answering for it
 *       takes this node for a legacy one (paper 003 treats it the same way): it is held down and
 *       counted as {@code no_mipv6_support}; its traffic stays in the tunnel. The Pointer is not
 *       checked (a node without Mobile IPv6 and an agent both point at the Next Header field
 *       announcing the Mobility Header, which may be the IPv6 header's or a Destination Options
 *       header's).
 *   <li>Movement ({@link #moved}): every correspondent's path is disabled (its binding holds the
 *       old care-of address), the care-of test is run from the new care-of address (the home
 *       test too if the home token is too old), and a new BU is sent.
 *   <li>Return home ({@link #returnedHome}, RFC 6275 11.5.5): every path is disabled and each
 *       correspondent that may hold a binding gets a de-registration from the home address: a
 *       BU with lifetime 0, no A flag, Kbm = SHA1(home token) (or the pre-shared-key Kbm) and the
 *       home address as the care-of address of the authenticator; the home test is rerun first
 *       when the home token is too old.
 * </ul>
 *
 * <p>Thread-safety: every entry point synchronises on this object; {@link RouteOptimisedPath}
 * and {@link SignallingOutput} are called with that lock held (neither calls back).
 */
public final class CorrespondentRegistrations implements CorrespondentSignalling {
    private static final Logger LOG = LoggerFactory.getLogger(CorrespondentRegistrations.class);

    /** The first wait for a Home Test, Care-of Test or Binding Acknowledgement: INITIAL_BINDACK_TIMEOUT (RFC 6275 12). */
    public static final Duration INITIAL_TIMEOUT = Duration.ofSeconds(1);
    /** Transmissions of a test init (or of a BU waiting for its acknowledgement) before giving up. */
    public static final int RR_TRIES = 3;
    /** How long a correspondent that failed is left alone. */
    public static final Duration HOLD_DOWN = Duration.ofSeconds(60);
    /** A binding still in use is refreshed at this share of its lifetime. */
    public static final int REFRESH_PERCENT = 90;

    /** Why a correspondent was held down; the labels of the {@code held_down} counters. */
    public enum HoldDownReason {
        RR_TIMEOUT("rr_timeout"),
        BA_TIMEOUT("ba_timeout"),
        BA_REFUSED("ba_refused"),
        BINDING_ERROR("binding_error"),
        NO_MIPV6_SUPPORT("no_mipv6_support");

        private final String label;

        HoldDownReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private enum State {
        TESTING("registering"), BINDING("registering"), BOUND("registered"), DEREGISTERING("deregistering"),
        HELD_DOWN("failed");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final SignallingOutput out;
    private final RouteOptimisedPath path;
    private final Timers timers;
    private final MonotonicClock clock;
    /**
     * Correspondents whose traffic was reported while away but not yet registered with the home
     * agent, by when (at most {@link #SEEN_UNREGISTERED_MAX}, oldest dropped first): the
     * registration that completes within {@link #SEEN_UNREGISTERED_NANOS} starts with them.
     */
    private final Map<Ipv6Address, Long> seenUnregistered = new LinkedHashMap<>();
    static final int SEEN_UNREGISTERED_MAX = 64;
    static final long SEEN_UNREGISTERED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final Ipv6Address homeAddress;
    private final boolean routeOptimisation;
    private final int lifetimeUnits;
    private final boolean bindingAcks;
    private final boolean mobilityAgentAware;
    private final CorrespondentPreSharedKeys preSharedKeys;
    private final RandomGenerator random;
    private final MobilityExtensions extensions = MobilityExtensions.DEFAULT;
    private final Map<Ipv6Address, Entry> entries = new LinkedHashMap<>();
    private final Ipv6PacketBuilder builder = new Ipv6PacketBuilder();
    private final byte[] packet = new byte[512];

    private boolean away;
    private boolean registered;
    private Ipv6Address careOf;
    private int nextSequence;

    private long started;
    private long homeTestInitsSent;
    private long careOfTestInitsSent;
    private long homeTestsAccepted;
    private long careOfTestsAccepted;
    private long bindingUpdatesSent;
    private long preSharedKeyUpdatesSent;
    private long deregistrationsSent;
    private long bindingAcksAccepted;
    private long refreshRequests;
    private long bindingErrors;
    private long unauthenticatedAcks;
    private long dropped;
    private long sendFailures;
    private long expired;
    private final long[] heldDown = new long[HoldDownReason.values().length];

    /**
     * @param out                     where the messages go
     * @param path                    the data path's route-optimised side
     * @param timers                  the daemon's timers
     * @param homeAddress             the mobile node's home address
     * @param routeOptimisation       {@code DoRouteOptimizationMN}
     * @param maxBindingLifetimeSeconds {@code MnMaxCnBindingLife}
     * @param bindingAcks             {@code UseCnBuAck}: set A and wait for the acknowledgement
     * @param mobilityAgentAware      {@code MnMobilityAgentAware}: the CoTI's Reserved first octet is 1, not 0
     * @param preSharedKeys           {@code MnCnPreSharedKey}: the two-message mode's keys (not used when
     *                                not {@code mobilityAgentAware})
     * @param random                  source of cookies and the first sequence number
     */
    public CorrespondentRegistrations(SignallingOutput out, RouteOptimisedPath path, Timers timers,
                                      Ipv6Address homeAddress, boolean routeOptimisation,
                                      int maxBindingLifetimeSeconds, boolean bindingAcks, boolean mobilityAgentAware,
                                      CorrespondentPreSharedKeys preSharedKeys, RandomGenerator random) {
        this.out = Objects.requireNonNull(out, "out");
        this.path = Objects.requireNonNull(path, "path");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.clock = timers.clock();
        this.homeAddress = Objects.requireNonNull(homeAddress, "homeAddress");
        this.routeOptimisation = routeOptimisation;
        if (maxBindingLifetimeSeconds < BindingUpdate.LIFETIME_UNIT_SECONDS) {
            throw new IllegalArgumentException("correspondent binding lifetime " + maxBindingLifetimeSeconds + " s is under 4 s");
        }
        long seconds = Math.min(maxBindingLifetimeSeconds, ReturnRoutabilityTimers.MAX_RR_BINDING_LIFETIME.toSeconds());
        this.lifetimeUnits = (int) (seconds / BindingUpdate.LIFETIME_UNIT_SECONDS);
        this.bindingAcks = bindingAcks;
        this.mobilityAgentAware = mobilityAgentAware;
        this.preSharedKeys = mobilityAgentAware ? Objects.requireNonNull(preSharedKeys, "preSharedKeys")
                : CorrespondentPreSharedKeys.NONE;
        this.random = Objects.requireNonNull(random, "random");
        this.nextSequence = random.nextInt(1 << 16);
    }

    /** Takes ICMPv6 Parameter Problems from {@code icmp}. */
    public void attach(MobileNodeIcmp icmp) {
        icmp.register(ParameterProblem.TYPE, (m, s, d) -> {
            if (m instanceof ParameterProblem p) {
                onParameterProblem(p, s, d);
            }
        });
    }

    // ------------------------------------------------------------------ what the daemon tells

    /**
     * The mobile node is away and the home agent has accepted its binding to {@code careOfAddress}
     * (call it after each accepted home registration; nothing happens when the care-of address
     * is the same as before). A new care-of address moves every correspondent's binding.
     */
    public synchronized void moved(Ipv6Address careOfAddress) {
        Objects.requireNonNull(careOfAddress, "careOfAddress");
        away = true;
        registered = true;
        if (careOfAddress.equals(careOf)) {
            return;
        }
        careOf = careOfAddress;
        for (Entry e : List.copyOf(entries.values())) {
            if (e.state == State.HELD_DOWN) {
                continue;
            }
            if (e.state == State.DEREGISTERING) {
                forget(e);
                continue;
            }
            disablePath(e);
            e.cancelBindingTimers();
            e.nonceRetried = false;
            startTests(e, false);
        }
        // correspondents whose traffic came while the home registration was still under way
        long now = clock.nanoTime();
        for (Map.Entry<Ipv6Address, Long> seen : seenUnregistered.entrySet()) {
            if (now - seen.getValue() <= SEEN_UNREGISTERED_NANOS && !entries.containsKey(seen.getKey())) {
                onTraffic(seen.getKey());
            }
        }
        seenUnregistered.clear();
    }

    /** The home registration is gone (failed or expired): no new correspondent registration starts. */
    public synchronized void homeRegistrationLost() {
        registered = false;
    }

    /** The mobile node is back on its home link: de-registers with every correspondent (RFC 6275 11.5.5). */
    public synchronized void returnedHome() {
        away = false;
        registered = false;
        seenUnregistered.clear();
        for (Entry e : List.copyOf(entries.values())) {
            if (e.state == State.DEREGISTERING) {
                continue;
            }
            boolean mayHoldBinding = e.state != State.HELD_DOWN && e.sequence >= 0;
            disablePath(e);
            e.cancelAll();
            if (mayHoldBinding) {
                deregister(e);
            } else {
                forget(e);
            }
        }
    }

    /**
     * Packets go to or come from {@code correspondent} through the tunnel (or, once bound, the
     * daemon still sees them): starts a registration, or marks a bound one as in use.
     */
    public synchronized void onTraffic(Ipv6Address correspondent) {
        if (!routeOptimisation || !eligible(correspondent)) {
            return;
        }
        if (!away || !registered || careOf == null) {
            // the tunnel reports a correspondent once per sighting interval: keep it for the
            // registration about to complete rather than wait for the next report
            if (seenUnregistered.size() >= SEEN_UNREGISTERED_MAX) {
                seenUnregistered.remove(seenUnregistered.keySet().iterator().next());
            }
            seenUnregistered.remove(correspondent);
            seenUnregistered.put(correspondent, clock.nanoTime());
            return;
        }
        Entry e = entries.get(correspondent);
        if (e == null) {
            e = new Entry(correspondent);
            entries.put(correspondent, e);
            started++;
            LOG.info("starting {} with correspondent {}", e.preSharedKey != null
                    ? "pre-shared-key registration" : "return routability", correspondent);
            startTests(e, false);
            return;
        }
        e.trafficSinceBindingUpdate = true;
    }

    private boolean eligible(Ipv6Address a) {
        return a != null && !a.isMulticast() && !a.isLinkLocal() && !a.isUnspecified()
                && !a.equals(new Ipv6Address(0, 1)) && !a.equals(homeAddress) && !a.equals(careOf);
    }

    // ------------------------------------------------------------------ Return Routability

    private boolean homeTokenFresh(Entry e, long now) {
        return e.homeTokenAt != Long.MIN_VALUE
                && now - e.homeTokenAt < ReturnRoutabilityTimers.MAX_TOKEN_LIFETIME.toNanos();
    }

    private boolean careOfTokenFresh(Entry e, long now) {
        return e.careOfTokenAt != Long.MIN_VALUE && careOf != null && careOf.equals(e.careOfTokenFor)
                && now - e.careOfTokenAt < ReturnRoutabilityTimers.MAX_TOKEN_LIFETIME.toNanos();
    }

    /**
     * Runs the tests whose tokens are missing (both when {@code fresh}), or sends the BU at once
     * (always with a pre-shared key: no tests).
     */
    private void startTests(Entry e, boolean fresh) {
        long now = clock.nanoTime();
        boolean tests = e.preSharedKey == null;
        boolean needHome = tests && (fresh || !homeTokenFresh(e, now));
        boolean needCareOf = tests && (fresh || !careOfTokenFresh(e, now));
        e.state = State.TESTING;
        e.tries = 1;
        e.wait = INITIAL_TIMEOUT;
        e.homePending = needHome;
        e.careOfPending = needCareOf;
        if (!needHome && !needCareOf) {
            sendBindingUpdate(e, 0);
            return;
        }
        if (needHome) {
            e.homeCookie = random.nextLong();
            sendHomeTestInit(e);
        }
        if (needCareOf) {
            e.careOfCookie = random.nextLong();
            sendCareOfTestInit(e);
        }
        e.rrTimer.schedule(e.wait);
    }

    private void sendHomeTestInit(Entry e) {
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.HomeTestInit(e.homeCookie, List.of()), extensions);
        homeTestInitsSent++;
        if (!out.sendMobilityHeader(mh, 0, mh.length, homeAddress, e.correspondent)) {
            sendFailures++;
        }
    }

    private void sendCareOfTestInit(Entry e) {
        MobilityMessage.CareOfTestInit coti = mobilityAgentAware
                ? MobilityMessage.CareOfTestInit.mobilityAgentAware(e.careOfCookie, List.of())
                : new MobilityMessage.CareOfTestInit(0, e.careOfCookie, List.of());
        byte[] mh = MobilityHeaderCodec.encode(coti, extensions);
        careOfTestInitsSent++;
        if (!out.sendMobilityHeader(mh, 0, mh.length, careOf, e.correspondent)) {
            sendFailures++;
        }
    }

    private synchronized void rrTimeout(Entry e) {
        if (entries.get(e.correspondent) != e || e.state != State.TESTING && e.state != State.DEREGISTERING) {
            return;
        }
        if (e.tries >= RR_TRIES) {
            if (e.state == State.DEREGISTERING) {
                LOG.info("no Home Test from {} for the de-registration; its binding will expire", e.correspondent);
                forget(e);
            } else {
                holdDown(e, HoldDownReason.RR_TIMEOUT, "no " + (e.homePending ? "Home Test" : "")
                        + (e.homePending && e.careOfPending ? " or " : "") + (e.careOfPending ? "Care-of Test" : "")
                        + " after " + e.tries + " tries");
            }
            return;
        }
        e.tries++;
        e.retransmissions++;
        e.wait = e.wait.multipliedBy(2);
        if (e.homePending) {
            sendHomeTestInit(e);
        }
        if (e.careOfPending && e.state == State.TESTING) {
            sendCareOfTestInit(e);
        }
        e.rrTimer.schedule(e.wait);
    }

    // ------------------------------------------------------------------ Mobility Header in

    @Override
    public synchronized void onMobilityMessage(MobilityMessage message, Ipv6Address source, Ipv6Address destination) {
        if (message instanceof MobilityMessage.HomeTest t) {
            onHomeTest(t, source, destination);
        } else if (message instanceof MobilityMessage.CareOfTest t) {
            onCareOfTest(t, source, destination);
        } else if (message instanceof MobilityMessage.BindingAcknowledgement a) {
            onBindingAcknowledgement(a, source, destination);
        } else if (message instanceof MobilityMessage.BindingRefreshRequest) {
            onBindingRefreshRequest(source);
        } else if (message instanceof MobilityMessage.BindingError b) {
            onBindingError(b, source);
        } else {
            drop("unexpected " + MhType.name(message.mhType()), source);
        }
    }

    private void onHomeTest(MobilityMessage.HomeTest t, Ipv6Address source, Ipv6Address destination) {
        Entry e = entries.get(source);
        if (e == null || !e.homePending || t.homeInitCookie() != e.homeCookie
                || destination != null && !destination.equals(homeAddress)) {
            drop("Home Test not answering our Home Test Init", source);
            return;
        }
        homeTestsAccepted++;
        e.homePending = false;
        e.homeToken = t.homeKeygenToken();
        e.homeNonceIndex = t.homeNonceIndex();
        e.homeTokenAt = clock.nanoTime();
        if (e.state == State.DEREGISTERING) {
            e.rrTimer.cancel();
            sendDeregistration(e);
            forget(e);
        } else {
            maybeBind(e);
        }
    }

    private void onCareOfTest(MobilityMessage.CareOfTest t, Ipv6Address source, Ipv6Address destination) {
        Entry e = entries.get(source);
        if (e == null || !e.careOfPending || e.state != State.TESTING || t.careOfInitCookie() != e.careOfCookie
                || destination != null && !destination.equals(careOf)) {
            drop("Care-of Test not answering our Care-of Test Init", source);
            return;
        }
        careOfTestsAccepted++;
        e.careOfPending = false;
        e.careOfToken = t.careOfKeygenToken();
        e.careOfNonceIndex = t.careOfNonceIndex();
        e.careOfTokenAt = clock.nanoTime();
        e.careOfTokenFor = careOf;
        maybeBind(e);
    }

    private void maybeBind(Entry e) {
        if (e.state == State.TESTING && !e.homePending && !e.careOfPending) {
            e.rrTimer.cancel();
            sendBindingUpdate(e, 0);
        }
    }

    // ------------------------------------------------------------------ Binding Update

    private int takeSequence() {
        int s = nextSequence;
        nextSequence = (nextSequence + 1) & 0xffff;
        return s;
    }

    /** Encodes {@code bu} (whose last option is a zeroed Binding Authorization Data) and fills its authenticator. */
    private byte[] authorised(MobilityMessage.BindingUpdate bu, byte[] kbm, Ipv6Address coa, Ipv6Address cn) {
        byte[] mh = MobilityHeaderCodec.encode(bu, extensions);
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(mh, 0, mh.length, extensions);
        ReturnRoutability.authenticator(kbm, coa, cn, mh, 0, loc.coveredLength(), mh, loc.authenticatorOffset());
        return mh;
    }

    /** The Binding Authorization Data option with a zero authenticator, filled by {@link #authorised}. */
    private static MobilityOption.BindingAuthorizationData unsignedAuthorization() {
        return new MobilityOption.BindingAuthorizationData(new byte[ReturnRoutability.AUTHENTICATOR_LENGTH]);
    }

    private void sendBindingUpdate(Entry e, int retransmission) {
        long now = clock.nanoTime();
        e.sequence = takeSequence();
        e.bindingCareOf = careOf;
        e.lifetimeSeconds = lifetimeUnits * BindingUpdate.LIFETIME_UNIT_SECONDS;
        List<MobilityOption> options;
        if (e.preSharedKey != null) {
            e.kbm = PreSharedKeyRr.bindingManagementKey(e.preSharedKey, homeAddress, careOf, e.correspondent, e.sequence);
            options = List.of(unsignedAuthorization());
            preSharedKeyUpdatesSent++;
        } else {
            e.kbm = ReturnRoutability.bindingManagementKey(e.homeToken, e.careOfToken);
            options = List.of(new MobilityOption.NonceIndices(e.homeNonceIndex, e.careOfNonceIndex),
                    unsignedAuthorization());
        }
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(e.sequence,
                bindingAcks ? BindingUpdate.FLAG_A : 0, lifetimeUnits, options);
        byte[] mh = authorised(bu, e.kbm, careOf, e.correspondent);
        int len = builder.source(careOf).destination(e.correspondent).homeAddressOption(homeAddress)
                .payload(IpProtocol.MOBILITY, mh).build(packet, 0);
        bindingUpdatesSent++;
        e.bindingUpdateSentAt = now;
        e.trafficSinceBindingUpdate = false;
        if (!out.sendPacket(packet, 0, len, e.correspondent)) {
            sendFailures++;
        }
        LOG.info("BU seq {} sent to correspondent {}: care-of address {}, lifetime {} s{}{}", e.sequence, e.correspondent,
                careOf, e.lifetimeSeconds, e.preSharedKey != null ? ", pre-shared key" : "",
                retransmission > 0 ? ", retransmission " + retransmission : "");
        if (bindingAcks) {
            e.state = State.BINDING;
            if (retransmission == 0) {
                e.tries = 1;
                e.wait = INITIAL_TIMEOUT;
            }
            e.ackTimer.schedule(e.wait);
        } else {
            bound(e, e.lifetimeSeconds);
        }
    }

    private synchronized void ackTimeout(Entry e) {
        if (entries.get(e.correspondent) != e || e.state != State.BINDING) {
            return;
        }
        if (e.tries >= RR_TRIES) {
            holdDown(e, HoldDownReason.BA_TIMEOUT, "no Binding Acknowledgement after " + e.tries + " Binding Updates");
            return;
        }
        e.tries++;
        e.retransmissions++;
        e.wait = e.wait.multipliedBy(2);
        sendBindingUpdate(e, e.tries - 1);
    }

    private void bound(Entry e, int lifetimeSeconds) {
        e.state = State.BOUND;
        e.grantedSeconds = lifetimeSeconds;
        e.boundUntil = clock.nanoTime() + Duration.ofSeconds(lifetimeSeconds).toNanos();
        path.enable(e.correspondent, e.bindingCareOf);
        e.pathEnabled = true;
        e.expiryTimer.schedule(Duration.ofSeconds(lifetimeSeconds));
        e.refreshTimer.schedule(Duration.ofSeconds(lifetimeSeconds).multipliedBy(REFRESH_PERCENT).dividedBy(100));
    }

    private synchronized void refresh(Entry e) {
        if (entries.get(e.correspondent) != e || e.state != State.BOUND) {
            return;
        }
        if (e.trafficSinceBindingUpdate) {
            LOG.debug("refreshing the binding at correspondent {}", e.correspondent);
            startTests(e, false);
        }
    }

    private synchronized void expire(Entry e) {
        if (entries.get(e.correspondent) != e) {
            return;
        }
        disablePath(e);
        if (e.state == State.BOUND) {
            expired++;
            LOG.info("binding at correspondent {} expired", e.correspondent);
            forget(e);
        }
    }

    private void onBindingAcknowledgement(MobilityMessage.BindingAcknowledgement ba, Ipv6Address source,
                                          Ipv6Address destination) {
        Entry e = entries.get(source);
        if (e == null || e.state != State.BINDING || ba.sequence() != e.sequence
                || destination != null && !destination.equals(homeAddress)) {
            drop("Binding Acknowledgement not answering our Binding Update", source);
            return;
        }
        int status = ba.status();
        if (status >= 136 && status <= 138 && e.preSharedKey == null) {
            e.lastStatus = status;
            e.ackTimer.cancel();
            if (e.nonceRetried) {
                holdDown(e, HoldDownReason.BA_REFUSED, "status " + status + " again after new tests");
                return;
            }
            e.nonceRetried = true;
            if (status != 137) {
                e.homeTokenAt = Long.MIN_VALUE;
            }
            if (status != 136) {
                e.careOfTokenAt = Long.MIN_VALUE;
            }
            LOG.info("correspondent {} refused BU seq {} with status {} (expired nonces): testing again",
                    source, ba.sequence(), status);
            startTests(e, false);
            return;
        }
        if (!authentic(ba, e)) {
            unauthenticatedAcks++;
            LOG.debug("Binding Acknowledgement from {} without a valid authenticator ignored", source);
            return;
        }
        e.ackTimer.cancel();
        e.lastStatus = status;
        e.lastRoundTripNanos = clock.nanoTime() - e.bindingUpdateSentAt;
        bindingAcksAccepted++;
        int granted = Math.min(e.lifetimeSeconds, ba.lifetime() * BindingUpdate.LIFETIME_UNIT_SECONDS);
        if (status >= 128 || granted == 0) {
            holdDown(e, HoldDownReason.BA_REFUSED, "status " + status + ", lifetime " + granted + " s");
            return;
        }
        e.nonceRetried = false;
        bound(e, granted);
    }

    /** Whether the acknowledgement's Binding Authorization Data verifies with the BU's Kbm (RFC 6275 6.1.8, 5.2.6). */
    private boolean authentic(MobilityMessage.BindingAcknowledgement ba, Entry e) {
        byte[] mh;
        try {
            mh = MobilityHeaderCodec.encode(ba, extensions);
        } catch (IllegalArgumentException ex) {
            return false;
        }
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(mh, 0, mh.length, extensions);
        return loc != null && loc.authenticatorLength() == ReturnRoutability.AUTHENTICATOR_LENGTH
                && loc.trailingOffset() == loc.headerEnd()
                && ReturnRoutability.verifyAuthenticator(e.kbm, e.bindingCareOf, e.correspondent, mh, 0,
                loc.coveredLength(), mh, loc.authenticatorOffset());
    }

    private void onBindingRefreshRequest(Ipv6Address source) {
        Entry e = entries.get(source);
        if (e == null || e.state != State.BOUND) {
            drop("Binding Refresh Request without a binding", source);
            return;
        }
        refreshRequests++;
        LOG.info("Binding Refresh Request from correspondent {}", source);
        e.refreshTimer.cancel();
        startTests(e, true);
    }

    private void onBindingError(MobilityMessage.BindingError be, Ipv6Address source) {
        Entry e = entries.get(source);
        boolean ours = be.homeAddress().equals(homeAddress) || be.homeAddress().isUnspecified();
        if (e == null || e.state == State.HELD_DOWN || !ours
                || be.status() != BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION
                && be.status() != BindingErrorStatus.UNRECOGNIZED_MH_TYPE) {
            drop("Binding Error (status " + be.status() + ")", source);
            return;
        }
        bindingErrors++;
        holdDown(e, HoldDownReason.BINDING_ERROR, "Binding Error status " + be.status());
    }

    // ------------------------------------------------------------------ ICMPv6 Parameter Problem

    /**
     * An ICMPv6 Parameter Problem from {@code source} to {@code destination}: with code 1
     * (unrecognised Next Header) and our Home Test Init, Care-of Test Init or Binding Update to
     * a correspondent as its invoking packet, that correspondent does not know Mobile IPv6.
     */
    public synchronized void onParameterProblem(ParameterProblem problem, Ipv6Address source, Ipv6Address destination) {
        if (problem.code() != ParameterProblem.CODE_UNRECOGNIZED_NEXT_HEADER) {
            return;
        }
        byte[] inv = problem.invokingPacket().toByteArray();
        if (inv.length < Ipv6Header.LENGTH || (inv[0] & 0xf0) != 0x60) {
            return;
        }
        Ipv6Address invSource = Ipv6Address.read(inv, 8);
        Entry e = entries.get(Ipv6Address.read(inv, 24));
        if (e == null || e.state == State.HELD_DOWN) {
            return;
        }
        int next = inv[6] & 0xff;
        int off = Ipv6Header.LENGTH;
        if (next == IpProtocol.DESTINATION_OPTIONS) {
            if (inv.length < off + 2) {
                return;
            }
            next = inv[off] & 0xff;
            off += ((inv[off + 1] & 0xff) + 1) * 8;
        }
        if (next != IpProtocol.MOBILITY || inv.length < off + 16) {
            return;
        }
        int type = inv[off + MobilityHeader.OFF_MH_TYPE] & 0xff;
        boolean ours = switch (type) {
            case MhType.HOME_TEST_INIT -> invSource.equals(homeAddress)
                    && Bytes.getLong(inv, off + HomeTestInit.OFF_HOME_INIT_COOKIE) == e.homeCookie;
            case MhType.CARE_OF_TEST_INIT -> !invSource.equals(homeAddress)
                    && Bytes.getLong(inv, off + CareOfTestInit.OFF_CARE_OF_INIT_COOKIE) == e.careOfCookie;
            case MhType.BINDING_UPDATE -> Bytes.u16(inv, off + BindingUpdate.OFF_SEQUENCE) == e.sequence;
            default -> false;
        };
        if (ours) {
            holdDown(e, HoldDownReason.NO_MIPV6_SUPPORT, "Parameter Problem from " + source + " for our "
                    + MhType.name(type) + ": it does not know Mobile IPv6, its traffic stays in the tunnel");
        }
    }

    // ------------------------------------------------------------------ de-registration

    private void deregister(Entry e) {
        e.state = State.DEREGISTERING;
        e.careOfPending = false;
        if (e.preSharedKey != null || homeTokenFresh(e, clock.nanoTime())) {
            e.homePending = false;
            sendDeregistration(e);
            forget(e);
            return;
        }
        e.homePending = true;
        e.homeCookie = random.nextLong();
        e.tries = 1;
        e.wait = INITIAL_TIMEOUT;
        sendHomeTestInit(e);
        e.rrTimer.schedule(e.wait);
    }

    /**
     * The de-registration of RFC 6275 11.5.5 / 5.2.6: lifetime 0, from the home address, Kbm from
     * the home token alone (or from the pre-shared key with the home address as care-of address).
     */
    private void sendDeregistration(Entry e) {
        int seq = takeSequence();
        byte[] kbm;
        List<MobilityOption> options;
        if (e.preSharedKey != null) {
            kbm = PreSharedKeyRr.bindingManagementKey(e.preSharedKey, homeAddress, homeAddress, e.correspondent, seq);
            options = List.of(unsignedAuthorization());
        } else {
            kbm = ReturnRoutability.deregistrationKey(e.homeToken);
            options = List.of(new MobilityOption.NonceIndices(e.homeNonceIndex, 0), unsignedAuthorization());
        }
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(seq, 0, 0, options);
        byte[] mh = authorised(bu, kbm, homeAddress, e.correspondent);
        deregistrationsSent++;
        if (!out.sendMobilityHeader(mh, 0, mh.length, homeAddress, e.correspondent)) {
            sendFailures++;
        }
        LOG.info("BU seq {} sent to correspondent {}: de-registration{}", seq, e.correspondent,
                e.preSharedKey != null ? ", pre-shared key" : "");
    }

    // ------------------------------------------------------------------ entries

    private void holdDown(Entry e, HoldDownReason reason, String why) {
        e.cancelAll();
        disablePath(e);
        e.state = State.HELD_DOWN;
        e.homePending = false;
        e.careOfPending = false;
        heldDown[reason.ordinal()]++;
        LOG.info("correspondent {} held down for {} s ({}): {}", e.correspondent, HOLD_DOWN.toSeconds(), reason.label(), why);
        e.holdDownTimer.schedule(HOLD_DOWN);
    }

    private synchronized void holdDownOver(Entry e) {
        if (entries.get(e.correspondent) == e && e.state == State.HELD_DOWN) {
            forget(e);
        }
    }

    private void disablePath(Entry e) {
        if (e.pathEnabled) {
            e.pathEnabled = false;
            path.disable(e.correspondent);
        }
    }

    private void forget(Entry e) {
        e.cancelAll();
        entries.remove(e.correspondent, e);
    }

    private void drop(String what, Ipv6Address source) {
        dropped++;
        LOG.debug("{} from {} dropped", what, source);
    }

    // ------------------------------------------------------------------ views

    /** The correspondents' Binding Update List entries as {@code show bul} rows (role "correspondent"). */
    public synchronized List<Map<String, Object>> view() {
        long now = clock.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Entry e : entries.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", e.correspondent.toString());
            m.put("role", "correspondent");
            m.put("hoa", homeAddress.toString());
            Ipv6Address coa = e.bindingCareOf != null ? e.bindingCareOf : careOf;
            m.put("coa", coa == null ? null : coa.toString());
            m.put("seq", e.sequence < 0 ? null : e.sequence);
            m.put("state", e.state.label);
            m.put("lifetime_s", e.pathEnabled ? e.grantedSeconds : 0);
            m.put("remaining_s", e.pathEnabled ? Math.max(0, (e.boundUntil - now) / 1_000_000_000L) : 0);
            m.put("retransmissions", e.retransmissions);
            m.put("last_status", e.lastStatus < 0 ? null : e.lastStatus);
            m.put("last_rtt_ms", e.lastRoundTripNanos < 0 ? null : Math.round(e.lastRoundTripNanos / 1e3) / 1e3);
            rows.add(m);
        }
        return rows;
    }

    /** The counters for {@code show stats}. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", started);
        m.put("home_test_inits_sent", homeTestInitsSent);
        m.put("care_of_test_inits_sent", careOfTestInitsSent);
        m.put("home_tests_accepted", homeTestsAccepted);
        m.put("care_of_tests_accepted", careOfTestsAccepted);
        m.put("binding_updates_sent", bindingUpdatesSent);
        m.put("pre_shared_key_updates_sent", preSharedKeyUpdatesSent);
        m.put("binding_acks_accepted", bindingAcksAccepted);
        m.put("unauthenticated_acks", unauthenticatedAcks);
        m.put("deregistrations_sent", deregistrationsSent);
        m.put("refresh_requests", refreshRequests);
        m.put("binding_errors", bindingErrors);
        m.put("expired", expired);
        m.put("dropped", dropped);
        m.put("send_failures", sendFailures);
        Map<String, Long> held = new TreeMap<>();
        for (HoldDownReason r : HoldDownReason.values()) {
            held.put(r.label(), heldDown[r.ordinal()]);
        }
        m.put("held_down", held);
        m.put("no_mipv6_support", heldDown[HoldDownReason.NO_MIPV6_SUPPORT.ordinal()]);
        m.put("bound", entries.values().stream().filter(x -> x.pathEnabled).count());
        return m;
    }

    /** How many times a correspondent was held down for {@code reason}. */
    public synchronized long heldDown(HoldDownReason reason) {
        return heldDown[reason.ordinal()];
    }

    /** Whether {@code correspondent} is held down now. */
    public synchronized boolean isHeldDown(Ipv6Address correspondent) {
        Entry e = entries.get(correspondent);
        return e != null && e.state == State.HELD_DOWN;
    }

    /** Whether the data path is route-optimised towards {@code correspondent} now. */
    public synchronized boolean isBound(Ipv6Address correspondent) {
        Entry e = entries.get(correspondent);
        return e != null && e.pathEnabled;
    }

    /** One correspondent's Binding Update List entry (RFC 6275 11.1) and its Return Routability state. */
    private final class Entry {
        final Ipv6Address correspondent;
        /** {@code MnCnPreSharedKey}'s key for this correspondent, or null: the four-message procedure. */
        final byte[] preSharedKey;
        State state = State.TESTING;
        boolean homePending;
        boolean careOfPending;
        long homeCookie;
        long careOfCookie;
        long homeToken;
        int homeNonceIndex;
        long homeTokenAt = Long.MIN_VALUE;
        long careOfToken;
        int careOfNonceIndex;
        long careOfTokenAt = Long.MIN_VALUE;
        Ipv6Address careOfTokenFor;
        int tries;
        Duration wait = INITIAL_TIMEOUT;
        boolean nonceRetried;
        int sequence = -1;
        byte[] kbm;
        Ipv6Address bindingCareOf;
        int lifetimeSeconds;
        int grantedSeconds;
        long bindingUpdateSentAt;
        long boundUntil;
        boolean pathEnabled;
        boolean trafficSinceBindingUpdate;
        int retransmissions;
        int lastStatus = -1;
        long lastRoundTripNanos = -1;
        final Timers.Timer rrTimer;
        final Timers.Timer ackTimer;
        final Timers.Timer refreshTimer;
        final Timers.Timer expiryTimer;
        final Timers.Timer holdDownTimer;

        Entry(Ipv6Address correspondent) {
            this.correspondent = correspondent;
            this.preSharedKey = preSharedKeys.keyFor(correspondent);
            this.rrTimer = timers.timer("INITIAL_BINDACK_TIMEOUT RR " + correspondent, () -> rrTimeout(this));
            this.ackTimer = timers.timer("INITIAL_BINDACK_TIMEOUT BU " + correspondent, () -> ackTimeout(this));
            this.refreshTimer = timers.timer("binding refresh " + correspondent, () -> refresh(this));
            this.expiryTimer = timers.timer("binding expiry " + correspondent, () -> expire(this));
            this.holdDownTimer = timers.timer("hold-down " + correspondent, () -> holdDownOver(this));
        }

        void cancelBindingTimers() {
            ackTimer.cancel();
            refreshTimer.cancel();
            expiryTimer.cancel();
        }

        void cancelAll() {
            rrTimer.cancel();
            cancelBindingTimers();
            holdDownTimer.cancel();
        }
    }
}
