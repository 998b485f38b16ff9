package org.roam6.mad;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.Registration;
import org.roam6.crypto.CorrespondentKey;
import org.roam6.crypto.NonceTable;
import org.roam6.crypto.PreSharedKeyRr;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correspondent side of route optimisation, run by the Mobility Agent on behalf of every
 * correspondent it serves (paper 003; RFC 6275 5.2, 9.4, 9.5): one Kcn and nonce table for the
 * agent, one binding cache per served correspondent (common-wire's {@link BindingCache}, as
 * {@code had} keeps its own), and for each Mobility Header taken at the border an
 * {@link Answer}: a message to send with the correspondent's address as source, an ICMPv6
 * Parameter Problem, or a counted drop. No packet I/O here: the data path hands messages in and
 * sends what comes out.
 *
 * <h2>Return Routability (9.4)</h2>
 * A Home Test Init (no Home Address option allowed, 9.4.1) is answered with a Home Test to its
 * source carrying the current nonce index and the home keygen token for that source; a Care-of
 * Test Init likewise with a Care-of Test. The first octet of the CoTI's Reserved field says
 * whether the mobile node knows Mobility Agents (1) or not (0, paper 003): a legacy node gets
 * {@link ParameterProblem} code 1 under {@link LegacyPolicy#PARAMETER_PROBLEM} (the paper's
 * behaviour: it falls back to its home agent's tunnel, RFC 6275 11.3.5) and is answered like any
 * other under {@link LegacyPolicy#ALLOW}.
 *
 * <h2>Binding Updates (9.5.1)</h2>
 * A BU whose H flag is set is refused with 131 (this is no home agent). Otherwise it must carry
 * the Nonce Indices option and, last, Binding Authorization Data, else it is dropped. Expired or
 * unknown nonce indices give 136, 137 or 138 (without authenticator, the agent has no Kbm to
 * make one); Kbm comes from the two tokens (from the home token alone for a de-registration:
 * lifetime 0 or care-of address equal to the home address), and a BU whose authenticator does not
 * verify (constant time) is dropped. With a mobile node's pre-shared key
 * ({@code MaPreSharedKey}) and no Nonce Indices option, Kbm is
 * {@link PreSharedKeyRr#bindingManagementKey} instead and no test was needed. A Sequence # not
 * greater (modulo 2^16) than the cached binding's is refused with 135 carrying the cached
 * number. The lifetime granted is the lesser of the asked and {@code maxLifetimeSeconds}
 * (MAX_RR_BINDING_LIFETIME 420 s). A BA goes back when the A flag asks or the BU is refused (RFC
 * 6275 9.5.1: always for 135-138), authenticated with Kbm when there is one, to the care-of
 * address with a Type 2 routing header carrying the home address ({@link Reply#routingHeader}).
 *
 * <h2>Refresh (9.5.5)</h2>
 * The data path calls {@link #used} for every packet it translates; {@link #refreshRequests}
 * gives a Binding Refresh Request for each binding used in the last {@link #IN_USE_MILLIS} whose
 * remaining lifetime has fallen under a third of what was granted, once per registration.
 *
 * <p>Every drop and every answer is counted by reason ({@link #counts()}) and none throws.
 * Thread-safe.
 */
public final class CorrespondentAgent {

    private static final Logger LOG = LoggerFactory.getLogger(CorrespondentAgent.class);

    /** RFC 6275 12: MAX_RR_BINDING_LIFETIME. */
    public static final int MAX_RR_BINDING_LIFETIME_SECONDS = 420;
    /** A binding counts as in use when a packet used it this recently. */
    public static final long IN_USE_MILLIS = 10_000;
    /** Offset of the Care-of Test Init's Reserved field in the Mobility Header. */
    public static final int COTI_RESERVED_OFFSET = 6;

    /** What the agent does with a legacy mobile node's Care-of Test Init (CoTI Reserved octet 0). */
    public enum LegacyPolicy {
        /** The paper's behaviour: ICMPv6 Parameter Problem code 1, the node stays on its tunnel. */
        PARAMETER_PROBLEM,
        /** Legacy route optimisation allowed: answered like an agent-aware node. */
        ALLOW
    }

    /** What to do with one Mobility Header. */
    public sealed interface Answer permits Reply, ParameterProblem, Drop {
    }

    /**
     * A Mobility Header to send, checksum filled (pseudo-header {@code source} -> the final
     * destination: {@code routingHeader} when there is one, else {@code destination}).
     *
     * @param routingHeader the home address for a Type 2 routing header, or null
     */
    public record Reply(Ipv6Address source, Ipv6Address destination, Ipv6Address routingHeader, byte[] mh)
            implements Answer {
    }

    /**
     * An ICMPv6 Parameter Problem for the invoking packet: code 1 (unrecognised Next Header);
     * the sender points it at the Next Header field that announced the Mobility Header.
     */
    public record ParameterProblem(int code, String reason) implements Answer {
    }

    /** Nothing to send: a drop, or an accepted BU without the A flag ({@code accepted_no_ack}); counted. */
    public record Drop(String reason) implements Answer {
    }

    private final List<Ipv6Prefix> served;
    private final LegacyPolicy legacyPolicy;
    private final Map<Ipv6Address, byte[]> preSharedKeys;
    private final int maxLifetimeSeconds;
    private final int maxBindings;
    private final NonceTable nonces;
    private final LongSupplier millisClock;
    private final MobilityExtensions ext;
    private final Map<Ipv6Address, BindingCache> caches = new ConcurrentHashMap<>();
    private final Map<Key, Use> uses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile BindingListener listener = BindingListener.NONE;

    /**
     * Told of every binding that starts, moves or ends (registration, de-registration, expiry),
     * so the border can steer the correspondent's packets for that home address. Called on the
     * thread that handled the Binding Update or ran {@link #expire}.
     */
    public interface BindingListener {
        BindingListener NONE = new BindingListener() {
            @Override
            public void bound(Ipv6Address correspondent, Ipv6Address homeAddress, Ipv6Address careOfAddress) {
            }

            @Override
            public void unbound(Ipv6Address correspondent, Ipv6Address homeAddress) {
            }
        };

        void bound(Ipv6Address correspondent, Ipv6Address homeAddress, Ipv6Address careOfAddress);

        void unbound(Ipv6Address correspondent, Ipv6Address homeAddress);
    }

    /** One row of {@code roam6 show bindings} for mad. */
    public record BindingRow(String cn, String hoa, String coa, int seq, int lifetime_s, long remaining_s,
                             boolean in_use) {
    }

    private record Key(Ipv6Address correspondent, Ipv6Address homeAddress) {
    }

    private static final class Use {
        volatile long lastUsedMillis;
        volatile int grantedSeconds;
        volatile int refreshRequestedFor = -1;
    }

    /**
     * @param served             the correspondents' prefixes ({@code MaServedPrefix})
     * @param preSharedKeys      per home address, the pre-shared key of the two-message mode
     * @param maxLifetimeSeconds the longest binding granted (at most 420)
     * @param maxBindings        per correspondent
     * @param nanoClock          monotonic nanoseconds, for the nonces
     * @param millisClock        milliseconds, for binding lifetimes
     */
    public CorrespondentAgent(List<Ipv6Prefix> served, LegacyPolicy legacyPolicy, Map<Ipv6Address, byte[]> preSharedKeys,
                              int maxLifetimeSeconds, int maxBindings, LongSupplier nanoClock, LongSupplier millisClock,
                              SecureRandom random, MobilityExtensions ext) {
        if (maxLifetimeSeconds < 4 || maxLifetimeSeconds > MAX_RR_BINDING_LIFETIME_SECONDS) {
            throw new IllegalArgumentException("binding lifetime " + maxLifetimeSeconds + " s: 4 to "
                    + MAX_RR_BINDING_LIFETIME_SECONDS);
        }
        this.served = List.copyOf(served);
        this.legacyPolicy = legacyPolicy;
        this.preSharedKeys = Map.copyOf(preSharedKeys);
        this.maxLifetimeSeconds = maxLifetimeSeconds;
        this.maxBindings = maxBindings;
        this.nonces = new NonceTable(new CorrespondentKey(random, nanoClock), nanoClock, random);
        this.millisClock = millisClock;
        this.ext = ext;
    }

    public void setListener(BindingListener listener) {
        this.listener = listener == null ? BindingListener.NONE : listener;
    }

    /** Whether {@code address} is a correspondent this agent answers for. */
    public boolean serves(Ipv6Address address) {
        for (Ipv6Prefix p : served) {
            if (p.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One Mobility Header taken at the border.
     *
     * @param source      the IPv6 source (the care-of address for a BU from away)
     * @param destination the IPv6 destination, the correspondent
     * @param homeAddress the Home Address option's address, or null
     */
    public Answer onMobilityHeader(Ipv6Address source, Ipv6Address destination, Ipv6Address homeAddress,
                                   byte[] b, int off, int len) {
        Answer a;
        try {
            a = handle(source, destination, homeAddress, b, off, len);
        } catch (RuntimeException e) {
            LOG.warn("Mobility Header from {} to {} not handled: {}", source, destination, e.toString());
            a = new Drop("internal_error");
        }
        count(a instanceof Drop d ? (d.reason().startsWith("accepted") ? d.reason() : "drop_" + d.reason())
                : a instanceof ParameterProblem p ? "parameter_problem_" + p.reason()
                : "sent_mh_type_" + (((Reply) a).mh()[2] & 0xff));
        return a;
    }

    private Answer handle(Ipv6Address source, Ipv6Address destination, Ipv6Address homeAddress,
                          byte[] b, int off, int len) {
        if (!serves(destination)) {
            return new Drop("not_served");
        }
        Ipv6Address pseudoSource = homeAddress != null ? homeAddress : source;
        if (!MobilityHeaderCodec.verifyChecksum(b, off, len, pseudoSource, destination)) {
            return new Drop("bad_checksum");
        }
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(b, off, len, ext);
        if (!d.isOk()) {
            return new Drop("malformed");
        }
        MobilityMessage m = d.value();
        if (m instanceof MobilityMessage.HomeTestInit hoti) {
            if (homeAddress != null) {
                return new Drop("hoti_with_home_address_option"); // RFC 6275 9.4.1
            }
            NonceTable.Nonce n = nonces.current();
            return reply(destination, source, null, new MobilityMessage.HomeTest(n.index(), hoti.homeInitCookie(),
                    n.homeKeygenToken(source), List.of()));
        }
        if (m instanceof MobilityMessage.CareOfTestInit coti) {
            if (homeAddress != null) {
                return new Drop("coti_with_home_address_option"); // RFC 6275 9.4.2
            }
            if (coti.reservedFirstOctet() == 0 && legacyPolicy == LegacyPolicy.PARAMETER_PROBLEM) {
                return new ParameterProblem(1, "legacy_mobile_node");
            }
            NonceTable.Nonce n = nonces.current();
            return reply(destination, source, null, new MobilityMessage.CareOfTest(n.index(), coti.careOfInitCookie(),
                    n.careOfKeygenToken(source), List.of()));
        }
        if (m instanceof MobilityMessage.BindingUpdate bu) {
            return bindingUpdate(bu, source, destination, homeAddress, b, off, len);
        }
        return new Drop("unexpected_" + m.getClass().getSimpleName());
    }

    private Answer bindingUpdate(MobilityMessage.BindingUpdate bu, Ipv6Address source, Ipv6Address cn,
                                 Ipv6Address homeAddressOption, byte[] b, int off, int len) {
        Ipv6Address hoa = homeAddressOption != null ? homeAddressOption : source;
        Ipv6Address coa = source;
        MobilityOption.NonceIndices ni = null;
        for (MobilityOption o : bu.options()) {
            if (o instanceof MobilityOption.AlternateCareOfAddress a) {
                coa = a.address();
            } else if (o instanceof MobilityOption.NonceIndices x) {
                ni = x;
            }
        }
        boolean acked = bu.hasFlag(BindingUpdate.FLAG_A);
        if (bu.hasFlag(BindingUpdate.FLAG_H)) {
            return ack(cn, coa, hoa, BindingAckStatus.HOME_REGISTRATION_NOT_SUPPORTED, bu.sequence(), 0, null);
        }
        if (bu.options().isEmpty()
                || !(bu.options().get(bu.options().size() - 1) instanceof MobilityOption.BindingAuthorizationData)) {
            return new Drop("no_binding_authorization_data");
        }
        boolean deregistration = bu.lifetime() == 0 || coa.equals(hoa);
        byte[] kbm;
        byte[] psk = preSharedKeys.get(hoa);
        if (ni == null && psk != null) {
            kbm = PreSharedKeyRr.bindingManagementKey(psk, hoa, deregistration ? hoa : coa, cn, bu.sequence());
        } else if (ni == null) {
            return new Drop("no_nonce_indices");
        } else {
            NonceTable.Lookup home = nonces.lookup(ni.homeNonceIndex());
            NonceTable.Lookup careOf = deregistration ? null : nonces.lookup(ni.careOfNonceIndex());
            int status = NonceTable.bindingAckStatus(home.status(), careOf == null ? null : careOf.status());
            if (status != 0) {
                return ack(cn, coa, hoa, status, bu.sequence(), 0, null);
            }
            long homeToken = home.nonce().homeKeygenToken(hoa);
            kbm = deregistration ? ReturnRoutability.deregistrationKey(homeToken)
                    : ReturnRoutability.bindingManagementKey(homeToken, careOf.nonce().careOfKeygenToken(coa));
        }
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(b, off, len, ext);
        if (loc == null || loc.authenticatorLength() != ReturnRoutability.AUTHENTICATOR_LENGTH
                || !ReturnRoutability.verifyAuthenticator(kbm, coa, cn, b, off, loc.coveredLength(), b,
                        loc.authenticatorOffset())) {
            return new Drop("bad_authenticator");
        }
        BindingCache cache = caches.computeIfAbsent(cn, k -> new BindingCache(maxBindings));
        long now = millisClock.getAsLong();
        Optional<Binding> existing = cache.binding(hoa, now);
        if (existing.isPresent()) {
            int diff = (bu.sequence() - existing.get().sequence()) & 0xffff;
            if (diff == 0 || diff >= 0x8000) {
                return ack(cn, coa, hoa, BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, existing.get().sequence(), 0, kbm);
            }
        }
        if (deregistration) {
            cache.deregister(hoa);
            uses.remove(new Key(cn, hoa));
            LOG.info("{}: binding of {} removed", cn, hoa);
            if (existing.isPresent()) {
                listener.unbound(cn, hoa);
            }
            return acked ? ack(cn, coa, hoa, BindingAckStatus.ACCEPTED, bu.sequence(), 0, kbm) : new Drop("accepted_no_ack");
        }
        int seconds = Math.min(bu.lifetime() * BindingUpdate.LIFETIME_UNIT_SECONDS, maxLifetimeSeconds);
        int units = seconds / BindingUpdate.LIFETIME_UNIT_SECONDS;
        Registration r = cache.register(hoa, coa, bu.sequence(), bu.flags(), now + units * 4000L, List.of(), List.of());
        if (!r.accepted()) {
            return ack(cn, coa, hoa, r.bindingAckStatus(), bu.sequence(), 0, kbm);
        }
        Use u = uses.computeIfAbsent(new Key(cn, hoa), k -> new Use());
        u.grantedSeconds = units * 4;
        u.refreshRequestedFor = -1;
        LOG.info("{}: binding of {} to {} for {} s (seq {})", cn, hoa, coa, units * 4, bu.sequence());
        if (existing.isEmpty() || !existing.get().careOfAddress().equals(coa)) {
            listener.bound(cn, hoa, coa);
        }
        return acked ? ack(cn, coa, hoa, BindingAckStatus.ACCEPTED, bu.sequence(), units, kbm) : new Drop("accepted_no_ack");
    }

    /** The BA (RFC 6275 6.1.8, 9.5.4): to the care-of address with a Type 2 routing header for the home address. */
    private Reply ack(Ipv6Address cn, Ipv6Address coa, Ipv6Address hoa, int status, int sequence, int lifetimeUnits,
                      byte[] kbm) {
        List<MobilityOption> options = kbm == null ? List.of()
                : List.of(new MobilityOption.BindingAuthorizationData(new byte[ReturnRoutability.AUTHENTICATOR_LENGTH]));
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(status, 0, sequence,
                lifetimeUnits, options), ext);
        if (kbm != null) {
            MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(mh, 0, mh.length, ext);
            ReturnRoutability.authenticator(kbm, coa, cn, mh, 0, loc.coveredLength(), mh, loc.authenticatorOffset());
        }
        boolean routed = !coa.equals(hoa);
        MobilityHeaderCodec.fillChecksum(mh, 0, mh.length, cn, hoa);
        return new Reply(cn, coa, routed ? hoa : null, mh);
    }

    private Reply reply(Ipv6Address source, Ipv6Address destination, Ipv6Address routingHeader, MobilityMessage m) {
        byte[] mh = MobilityHeaderCodec.encode(m, ext);
        MobilityHeaderCodec.fillChecksum(mh, 0, mh.length, source, routingHeader != null ? routingHeader : destination);
        return new Reply(source, destination, routingHeader, mh);
    }

    /** The binding of {@code homeAddress} at {@code correspondent}, if any (the data path's lookup). */
    public Optional<Binding> binding(Ipv6Address correspondent, Ipv6Address homeAddress) {
        BindingCache c = caches.get(correspondent);
        return c == null ? Optional.empty() : c.binding(homeAddress, millisClock.getAsLong());
    }

    /** The data path translated a packet with this binding: it is in use (9.5.5). */
    public void used(Ipv6Address correspondent, Ipv6Address homeAddress) {
        Use u = uses.get(new Key(correspondent, homeAddress));
        if (u != null) {
            u.lastUsedMillis = millisClock.getAsLong();
        }
    }

    /**
     * Binding Refresh Requests due now (RFC 6275 9.5.5, 6.1.2): for bindings used within
     * {@link #IN_USE_MILLIS} with less than a third of their granted lifetime left, one per
     * registration; each goes to the care-of address with a Type 2 routing header.
     */
    public List<Reply> refreshRequests() {
        long now = millisClock.getAsLong();
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<Key, Use> e : uses.entrySet()) {
            Use u = e.getValue();
            Optional<Binding> b = binding(e.getKey().correspondent(), e.getKey().homeAddress());
            if (b.isEmpty() || now - u.lastUsedMillis > IN_USE_MILLIS || u.refreshRequestedFor == b.get().sequence()) {
                continue;
            }
            if (b.get().lifetimeRemaining().toMillis() * 3 < u.grantedSeconds * 1000L) {
                u.refreshRequestedFor = b.get().sequence();
                out.add(reply(e.getKey().correspondent(), b.get().careOfAddress(), e.getKey().homeAddress(),
                        new MobilityMessage.BindingRefreshRequest(List.of())));
                count("sent_mh_type_0");
            }
        }
        return out;
    }

    /** Removes the bindings whose lifetime is over (the listener hears of each); returns how many. */
    public int expire() {
        long now = millisClock.getAsLong();
        int n = 0;
        for (Map.Entry<Ipv6Address, BindingCache> e : caches.entrySet()) {
            Ipv6Address cn = e.getKey();
            n += e.getValue().expire(now, b -> {
                uses.remove(new Key(cn, b.homeAddress()));
                LOG.info("{}: binding of {} to {} expired", cn, b.homeAddress(), b.careOfAddress());
                listener.unbound(cn, b.homeAddress());
            });
        }
        if (n > 0) {
            count("expired", n);
        }
        return n;
    }

    /** Every binding, per correspondent, for {@code show bindings}. */
    public List<BindingRow> bindings() {
        long now = millisClock.getAsLong();
        List<BindingRow> rows = new ArrayList<>();
        new java.util.TreeMap<>(caches).forEach((cn, cache) -> {
            for (Binding b : cache.bindings(now)) {
                Use u = uses.get(new Key(cn, b.homeAddress()));
                rows.add(new BindingRow(cn.toString(), b.homeAddress().toString(), b.careOfAddress().toString(),
                        b.sequence(), u == null ? 0 : u.grantedSeconds, b.lifetimeRemaining().toSeconds(),
                        u != null && now - u.lastUsedMillis <= IN_USE_MILLIS));
            }
        });
        return rows;
    }

    /** Bindings held, all correspondents together. */
    public int size() {
        int n = 0;
        for (BindingCache c : caches.values()) {
            n += c.size();
        }
        return n;
    }

    /**
     * Counters by reason: {@code sent_mh_type_<n>} (0 BRR, 3 HoT, 4 CoT, 6 BA), {@code drop_<reason>},
     * {@code accepted_no_ack}, {@code parameter_problem_<reason>}.
     */
    public Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void count(String key, int n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }
}
