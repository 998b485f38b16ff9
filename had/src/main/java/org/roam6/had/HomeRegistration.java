package org.roam6.had;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.binding.Registration;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.MnHaKey;
import org.roam6.crypto.MnHaKeyStore;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.crypto.ReplayProtection;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.BindingError;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;
import org.roam6.wire.mh.MobilityOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Home registration (RFC 6275 10.3): decides on a Binding Update sent to this home agent,
 * changes the Binding Cache, tells the {@link BindingListener}s and says which Binding
 * Acknowledgement to send back. No I/O: {@link MobilitySignalling} feeds it packets and sends
 * what it answers.
 *
 * <p>Checks, in this order (the first that fails gives the status):
 * <ol>
 *   <li>H flag clear: a correspondent registration (RFC 6275 9.5), which had does not accept.
 *       With a home registration for that home address in the cache: 139 (registration type
 *       change disallowed, 9.5.1). Otherwise, without Nonce Indices and Binding Authorization
 *       Data: silently discarded (9.5.1, those options are required); with them: 129
 *       (administratively prohibited: this node accepts no correspondent registrations). Status
 *       131 (home registration not supported) is for nodes that are not home agents and so
 *       never comes from had.
 *   <li>BU protection (RFC 4285 in place of IPsec, 9.5.1's first check): with a Mobility
 *       Message Authentication option (subtype MN-HA) the authenticator must verify under the
 *       key its SPI names, which must belong to the home address, else 146 (MIPV6-AUTH-FAIL);
 *       then the Mobility Message Replay Protection option must be there, else 145
 *       (MIPV6-MESG-ID-REQD), and its timestamp pass {@link ReplayProtection}, else 144
 *       (MIPV6-ID-MISMATCH, the BA carrying the home agent's time). Without the option: a
 *       home address configured {@code MnUnprotected} goes on; one with an {@code MnKey} gets
 *       146; any other gets 133 (not home agent for this mobile node: this home agent has no
 *       security association for it).
 *   <li>The home address must be on-link for a home prefix ({@code HaServedPrefix}), else 132
 *       (10.3.1).
 *   <li>The access list ({@link AccessList}): {@code deny} gives 129, a number that status.
 *   <li>NEMO (RFC 3963 6.1, 6.6), R flag set: mobile routers not accepted
 *       ({@code HaAcceptMobRtr disabled}) 140; a Mobile Network Prefix of length 0 or over 128,
 *       or overlapping a home prefix, 141; more than {@link BindingCache#MAX_MOBILE_NETWORK_PREFIXES}
 *       prefixes 130; a prefix outside the access list's prefixes for that home address 142.
 *       Without Mobile Network Prefix options (implicit mode) the access list's prefixes are
 *       registered. With R clear, Mobile Network Prefix options are ignored.
 *   <li>Sequence number (9.5.1): with a cache entry, the Sequence # must be greater than the
 *       entry's modulo 2^16 (a difference of 1..32767), else 135 carrying the entry's number.
 *       Without an entry any number is accepted.
 *   <li>De-registration (10.3.2): Lifetime 0 or care-of address equal to the home address.
 *       Without a cache entry: 133; else the entry is deleted, status 0, lifetime 0.
 *   <li>Registration (10.3.1): the lifetime is capped at {@code HaMaxBindingLife} (and is at
 *       least one 4-second unit); the L flag is stored with the binding (for the proxy
 *       neighbour part); the K flag is ignored, as roam6 has no IPsec, and the BA's K is clear;
 *       with the M bit the Multiple Home Agents option's list is stored. A full cache gives 130;
 *       a listener that fails gives 143 for a mobile router and 128 otherwise, and the binding
 *       is removed again.
 * </ol>
 * Not reachable from had: 1 (home prefix expiring), 131 (had is a home agent), 134 (had does not
 * run DAD for the home address), 136-138 (nonces are for correspondent registrations).
 *
 * <p>A BA is sent when the BU has the A flag or was refused (status 128 or more), RFC 6275
 * 9.5.4 and 10.3.1; never for a silently discarded BU. It goes to the BU's IPv6 source with a
 * Type 2 routing header carrying the home address (none when the source is the home address);
 * when the BU carried an authentic RFC 4285 option the BA carries a replay protection option
 * (the BU's timestamp, or the home agent's time with 144) and its own MN-HA authenticator.
 *
 * <p>Thread-safe: BUs are decided one at a time.
 */
public final class HomeRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(HomeRegistration.class);

    /** What happened to the Binding Cache. */
    public enum Change {
        /** The BU was silently discarded: no BA, nothing changed. */
        DISCARDED,
        /** Refused: nothing changed. */
        NONE,
        /** A binding was created or refreshed. */
        STORED,
        /** The binding was deleted (de-registration). */
        REMOVED
    }

    /**
     * The outcome of one Binding Update.
     *
     * @param status the BA status (0 accepted, 128 and above refused); -1 when discarded
     * @param change what happened to the cache
     * @param homeAddress the home address, null when discarded before it was known
     * @param careOfAddress the care-of address the BU asked for
     * @param lifetimeSeconds the lifetime granted (0 when refused or de-registered)
     * @param reason why, in words (for logs)
     * @param ack the BA to send, or null
     */
    public record Decision(int status, Change change, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                           int lifetimeSeconds, String reason, BindingAck ack) {}

    /**
     * A Binding Acknowledgement to send (RFC 6275 6.1.8), with what its packet needs.
     *
     * @param source the home agent's address (the BU's destination)
     * @param destination the BU's IPv6 source (the care-of address)
     * @param homeAddress the mobile node's home address: in a Type 2 routing header unless it
     *     equals {@code destination}; the checksum's pseudo-destination either way
     * @param status BA status
     * @param flags the K/R octet
     * @param sequence Sequence #: the BU's, or the last accepted one with 135
     * @param lifetimeUnits Lifetime in 4-second units
     * @param key the RFC 4285 key to authenticate the BA with, or null
     * @param timestamp the replay protection timestamp to carry (with a key)
     */
    public record BindingAck(Ipv6Address source, Ipv6Address destination, Ipv6Address homeAddress, int status,
                             int flags, int sequence, int lifetimeUnits, MnHaKey key, long timestamp) {

        /**
         * Writes the whole IPv6 packet at {@code out[off]} (IPv6 header, Type 2 routing header,
         * Mobility Header with its options and checksum) and returns its length.
         */
        public int write(byte[] out, int off, MobilityExtensions ext) {
            byte[] mh;
            if (key == null) {
                mh = new byte[BindingAcknowledgement.LENGTH_WITHOUT_OPTIONS];
                BindingAcknowledgement.writeWithoutOptions(mh, 0, status, flags, sequence, lifetimeUnits);
            } else {
                mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(status, flags, sequence,
                        lifetimeUnits, List.of(new MobilityOption.MobilityMessageReplayProtection(timestamp),
                                new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA,
                                        Integer.toUnsignedLong(key.spi()),
                                        new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]))), ext);
                MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(
                        mh, 0, mh.length, MnHaAuthentication.SUBTYPE_MN_HA, ext);
                // RFC 4285 5.1: in a BA the care-of address is the IPv6 destination, the home address the RH2's
                MnHaAuthentication.authenticator(key, destination, homeAddress, mh, 0, at.coveredLength(),
                        mh, at.authenticatorOffset());
            }
            return writeToMobileNode(source, destination, homeAddress, mh, out, off);
        }

        public byte[] toPacket(MobilityExtensions ext) {
            byte[] out = new byte[2048];
            int n = write(out, 0, ext);
            return java.util.Arrays.copyOf(out, n);
        }
    }

    private final HomeAgentConfig config;
    private final BindingCache cache;
    private final ReplayProtection replay;
    private final MonotonicClock clock;
    private final java.time.Clock wallClock;
    private final MobilityExtensions ext;
    private final List<BindingListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Ipv6Address, Integer> grantedSeconds = new ConcurrentHashMap<>();
    private final MobilityHeader header = new MobilityHeader();
    private final BindingUpdate update = new BindingUpdate();
    private final MobilityOptions options = new MobilityOptions();
    private final BindingView view = new BindingView();

    /**
     * @param config the home agent's configuration (prefixes, access list, keys, limits)
     * @param cache the Binding Cache this home agent keeps
     * @param replay RFC 4285 replay protection state (its clock is the wall clock of the timestamps)
     * @param wallClock the wall clock for the home agent's own timestamps (BA with 144)
     * @param clock the monotonic clock of the cache's expiry times
     */
    public HomeRegistration(HomeAgentConfig config, BindingCache cache, ReplayProtection replay,
                            java.time.Clock wallClock, MonotonicClock clock) {
        this.config = config;
        this.cache = cache;
        this.replay = replay;
        this.wallClock = wallClock;
        this.clock = clock;
        this.ext = config.extensions();
    }

    /** Adds a part that follows registrations (proxy ND, tunnel routes). */
    public void addBindingListener(BindingListener l) {
        listeners.add(l);
    }

    public BindingCache cache() {
        return cache;
    }

    /**
     * Decides on a Binding Update and applies the decision.
     *
     * @param mh the buffer holding the Mobility Header, which {@link MobilityHeader#validate}
     *     accepted, of MH Type 5, with a verified checksum
     * @param off where it starts
     * @param len its length
     * @param source the IPv6 source (the care-of address when away)
     * @param destination the IPv6 destination (this home agent's address)
     * @param homeAddressOption the Home Address option's address, or null when the packet had none
     */
    public synchronized Decision handle(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination,
                                        Ipv6Address homeAddressOption) {
        header.wrap(mh, off, len);
        update.wrap(mh, off);
        int seq = update.sequence();
        int flags = update.flags();
        int lifetimeUnits = update.lifetimeUnits();
        Ipv6Address hoa = homeAddressOption != null ? homeAddressOption : source;

        Ipv6Address altCoa = null;
        int authSpi = 0;
        int authDataOffset = -1;
        int authDataLength = 0;
        boolean hasTimestamp = false;
        long timestamp = 0;
        boolean nonceIndices = false;
        boolean authorizationData = false;
        List<Ipv6Address> homeAgents = new ArrayList<>();
        List<int[]> badPrefixes = new ArrayList<>();
        List<Ipv6Prefix> prefixes = new ArrayList<>();
        header.options(options);
        while (options.next()) {
            switch (MobilityOptionType.canonical(options.type(), ext)) {
                case MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS -> altCoa = new Ipv6Address(
                        options.alternateCareOfAddressHi(), options.alternateCareOfAddressLo());
                case MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION -> {
                    if (options.authenticationSubtype() == MnHaAuthentication.SUBTYPE_MN_HA) {
                        authSpi = (int) options.mobilitySpi();
                        authDataOffset = options.authenticationDataOffset();
                        authDataLength = options.authenticationDataLength();
                    }
                }
                case MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION -> {
                    hasTimestamp = true;
                    timestamp = options.timestamp();
                }
                case MobilityOptionType.NONCE_INDICES -> nonceIndices = true;
                case MobilityOptionType.BINDING_AUTHORIZATION_DATA -> authorizationData = true;
                case MobilityOptionType.EXPERIMENTAL -> {
                    for (int i = 0; i < options.homeAgentCount(); i++) {
                        homeAgents.add(new Ipv6Address(options.homeAgentHi(i), options.homeAgentLo(i)));
                    }
                }
                case MobilityOptionType.MOBILE_NETWORK_PREFIX -> {
                    int plen = options.mobileNetworkPrefixLength();
                    if (plen == 0 || plen > 128) {
                        badPrefixes.add(new int[] {plen});
                    } else {
                        prefixes.add(new Ipv6Prefix(new Ipv6Address(options.mobileNetworkPrefixHi(),
                                options.mobileNetworkPrefixLo()), plen));
                    }
                }
                default -> {
                    // RFC 6275 6.2.1: options a BU does not use (and unknown ones) are ignored
                }
            }
        }
        Ipv6Address coa = altCoa != null ? altCoa : source;
        if (!isUnicastRoutable(coa)) {
            return discard(hoa, coa, "care-of address " + coa + " is not a routable unicast address");
        }
        boolean exists = cache.lookup(hoa.hi(), hoa.lo(), view);
        int lastSeq = exists ? view.sequence() : -1;

        // 1. correspondent registrations (H clear)
        if ((flags & BindingUpdate.FLAG_H) == 0) {
            if (exists) {
                return refuse(source, destination, hoa, coa, seq, null, 0,
                        BindingAckStatus.REGISTRATION_TYPE_CHANGE_DISALLOWED, "H flag clear for a home registration");
            }
            if (!nonceIndices || !authorizationData) {
                return discard(hoa, coa, "correspondent registration without Nonce Indices and Binding Authorization Data");
            }
            return refuse(source, destination, hoa, coa, seq, null, 0, BindingAckStatus.ADMINISTRATIVELY_PROHIBITED,
                    "this home agent accepts no correspondent registrations");
        }

        // 2. protection (RFC 4285)
        MnHaKey replyKey = null;
        long replyTimestamp = timestamp;
        if (authDataOffset >= 0) {
            MnHaKeyStore.Verdict v = authDataLength != MnHaAuthentication.AUTHENTICATOR_LENGTH
                    ? MnHaKeyStore.Verdict.BAD_AUTHENTICATOR
                    : config.keys().verify(authSpi, hoa, coa, mh, off, authDataOffset - off, mh, authDataOffset);
            if (v != MnHaKeyStore.Verdict.AUTHENTIC) {
                return refuse(source, destination, hoa, coa, seq, null, 0, BindingAckStatus.MIPV6_AUTH_FAIL,
                        "authentication failed: " + v);
            }
            replyKey = config.keys().bySpi(authSpi);
            if (!hasTimestamp) {
                return refuse(source, destination, hoa, coa, seq, replyKey, NtpTimestamp.now(wallClock),
                        BindingAckStatus.MIPV6_MESG_ID_REQD, "no replay protection option");
            }
            ReplayProtection.Verdict r = replay.check(hoa, timestamp);
            if (!r.isAccepted()) {
                return refuse(source, destination, hoa, coa, seq, replyKey, NtpTimestamp.now(wallClock),
                        BindingAckStatus.MIPV6_ID_MISMATCH, "replay protection: " + r);
            }
        } else if (!config.unprotected().contains(hoa)) {
            if (config.keys().byHomeAddress(hoa) != null) {
                return refuse(source, destination, hoa, coa, seq, null, 0, BindingAckStatus.MIPV6_AUTH_FAIL,
                        "no authentication option, and " + hoa + " has an MnKey");
            }
            return refuse(source, destination, hoa, coa, seq, null, 0,
                    BindingAckStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, "no MnKey or MnUnprotected for " + hoa);
        }

        // 3. home subnet
        if (!config.isHomeAddress(hoa)) {
            return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp, BindingAckStatus.NOT_HOME_SUBNET,
                    hoa + " is not in a home prefix");
        }
        // 4. access list
        int acl = config.accessList().status(hoa);
        if (acl != BindingAckStatus.ACCEPTED) {
            return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp, acl, "access list");
        }
        // 5. NEMO
        boolean mobileRouter = (flags & BindingUpdate.FLAG_R) != 0;
        if (mobileRouter) {
            if (!config.acceptMobileRouters()) {
                return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                        BindingAckStatus.MOBILE_ROUTER_OPERATION_NOT_PERMITTED, "HaAcceptMobRtr is disabled");
            }
            if (!badPrefixes.isEmpty()) {
                return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp, BindingAckStatus.INVALID_PREFIX,
                        "Mobile Network Prefix length " + badPrefixes.get(0)[0]);
            }
            if (prefixes.isEmpty()) {
                prefixes.addAll(config.accessList().prefixesOf(hoa)); // implicit mode, RFC 3963 6.1.2
            }
            for (Ipv6Prefix p : prefixes) {
                for (Ipv6Prefix home : config.homePrefixes()) {
                    if (overlap(p, home)) {
                        return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                                BindingAckStatus.INVALID_PREFIX, p + " overlaps the home prefix " + home);
                    }
                }
            }
            if (prefixes.size() > BindingCache.MAX_MOBILE_NETWORK_PREFIXES) {
                return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                        BindingAckStatus.INSUFFICIENT_RESOURCES, prefixes.size() + " mobile network prefixes");
            }
            for (Ipv6Prefix p : prefixes) {
                if (!config.accessList().authorisedFor(hoa, p)) {
                    return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                            BindingAckStatus.NOT_AUTHORIZED_FOR_PREFIX, hoa + " is not authorised for " + p);
                }
            }
        } else {
            prefixes.clear(); // RFC 3963: only a mobile router registers prefixes
        }
        // 6. sequence number, modulo 2^16 (RFC 6275 9.5.1)
        if (exists) {
            int diff = (seq - lastSeq) & 0xffff;
            if (diff == 0 || diff >= 0x8000) {
                return refuse(source, destination, hoa, coa, lastSeq, replyKey, replyTimestamp,
                        BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, "sequence " + seq + " not after " + lastSeq);
            }
        }
        boolean askedAck = (flags & BindingUpdate.FLAG_A) != 0;
        int baFlags = mobileRouter ? BindingAcknowledgement.FLAG_R : 0;
        // 7. de-registration (RFC 6275 10.3.2)
        if (lifetimeUnits == 0 || coa.equals(hoa)) {
            if (!exists) {
                return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                        BindingAckStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, "de-registration without a binding");
            }
            cache.deregister(hoa);
            grantedSeconds.remove(hoa);
            notifyDeregistered(hoa);
            BindingAck ack = askedAck ? new BindingAck(destination, source, hoa, BindingAckStatus.ACCEPTED, baFlags,
                    seq, 0, replyKey, replyTimestamp) : null;
            return new Decision(BindingAckStatus.ACCEPTED, Change.REMOVED, hoa, coa, 0, "de-registered", ack);
        }
        // 8. registration (RFC 6275 10.3.1)
        if ((flags & ext.mFlag()) == 0) {
            homeAgents.clear();
        }
        int grantedUnits = Math.max(1, Math.min(lifetimeUnits, config.maxBindingLifetime() / BindingUpdate.LIFETIME_UNIT_SECONDS));
        int granted = grantedUnits * BindingUpdate.LIFETIME_UNIT_SECONDS;
        long now = clock.millis();
        Optional<Binding> before = exists ? cache.binding(hoa, now) : Optional.empty();
        Registration r = cache.register(hoa, coa, seq, flags, now + Duration.ofSeconds(granted).toMillis(),
                homeAgents, prefixes);
        if (r == Registration.REFUSED_FULL) {
            return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                    BindingAckStatus.INSUFFICIENT_RESOURCES, "binding cache full (" + cache.maxBindings() + ")");
        }
        grantedSeconds.put(hoa, granted);
        Binding after = cache.binding(hoa, now).orElseThrow();
        boolean moved = before.isEmpty() || !before.get().careOfAddress().equals(coa)
                || !before.get().mobileNetworkPrefixes().equals(after.mobileNetworkPrefixes());
        if (moved) {
            RuntimeException failed = notifyRegistered(after);
            if (failed != null) {
                cache.deregister(hoa);
                grantedSeconds.remove(hoa);
                notifyDeregistered(hoa);
                return refuse(source, destination, hoa, coa, seq, replyKey, replyTimestamp,
                        mobileRouter ? BindingAckStatus.FORWARDING_SETUP_FAILED : BindingAckStatus.REASON_UNSPECIFIED,
                        "forwarding set-up failed: " + failed);
            }
        } else {
            notifyRefreshed(after);
        }
        BindingAck ack = askedAck ? new BindingAck(destination, source, hoa, BindingAckStatus.ACCEPTED, baFlags, seq,
                grantedUnits, replyKey, replyTimestamp) : null;
        return new Decision(BindingAckStatus.ACCEPTED, Change.STORED, hoa, coa, granted,
                r == Registration.CREATED ? "registered" : "refreshed", ack);
    }

    private Decision discard(Ipv6Address hoa, Ipv6Address coa, String why) {
        return new Decision(-1, Change.DISCARDED, hoa, coa, 0, why, null);
    }

    /** A refusal always gets a BA (RFC 6275 9.5.4), lifetime 0. */
    private Decision refuse(Ipv6Address source, Ipv6Address destination, Ipv6Address hoa, Ipv6Address coa, int seq,
                            MnHaKey key, long timestamp, int status, String why) {
        return new Decision(status, Change.NONE, hoa, coa, 0, why,
                new BindingAck(destination, source, hoa, status, 0, seq, 0, key, timestamp));
    }

    private RuntimeException notifyRegistered(Binding b) {
        for (BindingListener l : listeners) {
            try {
                l.onRegistered(b);
            } catch (RuntimeException e) {
                LOG.warn("setting up forwarding for {} failed: {}", b.homeAddress(), e.toString());
                return e;
            }
        }
        return null;
    }

    private void notifyRefreshed(Binding b) {
        for (BindingListener l : listeners) {
            try {
                l.onRefreshed(b);
            } catch (RuntimeException e) {
                LOG.warn("following the refresh of {} failed: {}", b.homeAddress(), e.toString());
            }
        }
    }

    private void notifyDeregistered(Ipv6Address hoa) {
        for (BindingListener l : listeners) {
            try {
                l.onDeregistered(hoa);
            } catch (RuntimeException e) {
                LOG.warn("removing forwarding for {} failed: {}", hoa, e.toString());
            }
        }
    }

    /**
     * Deletes the bindings whose lifetime is over (RFC 6275 10.3.1) and tells the listeners;
     * returns how many.
     */
    public synchronized int expire() {
        return cache.expire(clock.millis(), b -> {
            grantedSeconds.remove(b.homeAddress());
            LOG.info("binding for {} (care-of {}) expired", b.homeAddress(), b.careOfAddress());
            notifyDeregistered(b.homeAddress());
        });
    }

    /**
     * Whether a packet with a Home Address option for {@code homeAddress} from {@code source}
     * has a binding (RFC 6275 9.3.1): the cache holds the home address with {@code source} as
     * care-of address. Lock-free.
     */
    public boolean hasBinding(Ipv6Address homeAddress, Ipv6Address source, BindingView scratch) {
        return cache.lookup(homeAddress.hi(), homeAddress.lo(), scratch)
                && scratch.careOfHi() == source.hi() && scratch.careOfLo() == source.lo()
                && !scratch.expiredAt(clock.millis());
    }

    /** The lifetime granted to the binding of {@code homeAddress}, in seconds (0 when none). */
    public int grantedLifetime(Ipv6Address homeAddress) {
        return grantedSeconds.getOrDefault(homeAddress, 0);
    }

    /**
     * The cache as {@code show bindings} prints it: one map per binding with {@code hoa},
     * {@code coa}, {@code seq}, {@code flags} (letters A H L K M R), {@code lifetime_s} (granted),
     * {@code remaining_s}, {@code home_agents} and {@code prefixes}.
     */
    public List<Map<String, Object>> bindingsView() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Binding b : cache.bindings(clock.millis())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hoa", b.homeAddress().toString());
            m.put("coa", b.careOfAddress().toString());
            m.put("seq", b.sequence());
            m.put("flags", flagLetters(b.flags(), ext));
            m.put("lifetime_s", grantedLifetime(b.homeAddress()));
            m.put("remaining_s", b.lifetimeRemaining().toSeconds());
            m.put("home_agents", b.homeAgents().stream().map(Ipv6Address::toString).toList());
            m.put("prefixes", b.mobileNetworkPrefixes().stream().map(Ipv6Prefix::toString).toList());
            out.add(m);
        }
        return out;
    }

    /** {@code "AHL"} for A, H and L: the BU flags as UMIP's {@code bc} view writes them. */
    public static String flagLetters(int flags, MobilityExtensions ext) {
        StringBuilder sb = new StringBuilder();
        if ((flags & BindingUpdate.FLAG_A) != 0) {
            sb.append('A');
        }
        if ((flags & BindingUpdate.FLAG_H) != 0) {
            sb.append('H');
        }
        if ((flags & BindingUpdate.FLAG_L) != 0) {
            sb.append('L');
        }
        if ((flags & BindingUpdate.FLAG_K) != 0) {
            sb.append('K');
        }
        if ((flags & ext.mFlag()) != 0) {
            sb.append('M');
        }
        if ((flags & BindingUpdate.FLAG_R) != 0) {
            sb.append('R');
        }
        return sb.toString();
    }

    /**
     * Writes a whole Binding Error packet (RFC 6275 6.1.9, 9.3.3) from {@code source} to
     * {@code destination} at {@code out[off]}; {@code homeAddress} is the offending packet's
     * Home Address option address, or unspecified. Returns its length.
     */
    public static int writeBindingError(Ipv6Address source, Ipv6Address destination, int status,
                                        Ipv6Address homeAddress, byte[] out, int off) {
        byte[] mh = new byte[BindingError.LENGTH_WITHOUT_OPTIONS];
        Ipv6Address h = homeAddress != null ? homeAddress : Ipv6Address.UNSPECIFIED;
        BindingError.writeWithoutOptions(mh, 0, status, h.hi(), h.lo());
        return new Ipv6PacketBuilder().source(source).destination(destination).hopLimit(64)
                .payload(IpProtocol.MOBILITY, mh).build(out, off);
    }

    /**
     * Writes a whole packet carrying the Mobility Header {@code mh} (checksum field zero) from
     * the home agent at {@code source} to a mobile node at {@code careOfAddress}, at
     * {@code out[off]}, and returns its length: a Type 2 routing header carries
     * {@code homeAddress} unless the mobile node is at home (RFC 6275 6.4, 9.6), and the MH
     * checksum is computed over {@code source -> homeAddress} (RFC 6275 6.1.1). Binding
     * Acknowledgements and Binding Refresh Requests are sent this way.
     */
    static int writeToMobileNode(Ipv6Address source, Ipv6Address careOfAddress, Ipv6Address homeAddress, byte[] mh,
                                 byte[] out, int off) {
        Ipv6PacketBuilder b = new Ipv6PacketBuilder().source(source).destination(careOfAddress).hopLimit(64)
                .payload(IpProtocol.MOBILITY, mh);
        if (!homeAddress.equals(careOfAddress)) {
            b.routingHeaderType2(homeAddress);
        }
        return b.build(out, off);
    }

    static boolean isUnicastRoutable(Ipv6Address a) {
        return !a.isUnspecified() && !a.isMulticast() && !a.isLinkLocal()
                && !(a.hi() == 0 && a.lo() == 1) // loopback
                && !(a.hi() == 0 && (a.lo() >>> 32) == 0xffffL); // IPv4-mapped
    }

    private static boolean overlap(Ipv6Prefix a, Ipv6Prefix b) {
        return a.length() <= b.length() ? a.contains(b.address()) : b.contains(a.address());
    }

    public MobilityExtensions extensions() {
        return ext;
    }
}
