package org.roam6.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.roam6.wire.Ipv6Address;

/**
 * Random sequences of registrations, de-registrations, expiry sweeps and lookups against a
 * {@link HashMap} model. Few keys over a small table, so chains collide, wrap and close up after
 * deletions; the cache is often full.
 */
class BindingCacheModelTest {

    sealed interface Op permits Register, Deregister, Expire, Lookup {}

    record Register(int key, int coa, int sequence, int flags, long expiresAt) implements Op {}

    record Deregister(int key) implements Op {}

    record Expire(long now) implements Op {}

    record Lookup(int key) implements Op {}

    record Value(long coaHi, long coaLo, int sequence, int flags, long expiresAt) {}

    /** Keys: two high halves (so equal low halves under another prefix differ) times 12 lows. */
    private static long keyHi(int key) {
        return (key & 1) == 0 ? 0x2001_0db8_0001_0000L : 0x2001_0db8_0002_0000L;
    }

    private static long keyLo(int key) {
        return key >> 1;
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, 23);
        Arbitrary<Op> register = Combinators.combine(key, Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.longs().between(0, 100)).as(Register::new);
        Arbitrary<Op> deregister = key.map(Deregister::new);
        Arbitrary<Op> expire = Arbitraries.longs().between(0, 100).map(Expire::new);
        Arbitrary<Op> lookup = key.map(Lookup::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(5, register),
                Tuple.of(3, deregister),
                Tuple.of(1, expire),
                Tuple.of(3, lookup));
        return op.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesLikeAMapBoundedByItsMaximum(@ForAll("operations") List<Op> ops,
            @ForAll @IntRange(min = 1, max = 12) int maxBindings, @ForAll long seed) {
        BindingCache cache = new BindingCache(maxBindings, seed);
        Map<Integer, Value> model = new HashMap<>();
        BindingView v = new BindingView();
        long created = 0;
        long refused = 0;
        for (Op op : ops) {
            if (op instanceof Register r) {
                Value value = new Value(r.coa() * 31L, r.coa(), r.sequence(), r.flags(), r.expiresAt());
                Registration got = cache.register(keyHi(r.key()), keyLo(r.key()), value.coaHi(), value.coaLo(),
                        r.sequence(), r.flags(), r.expiresAt());
                Registration want = model.containsKey(r.key()) ? Registration.REFRESHED
                        : model.size() == maxBindings ? Registration.REFUSED_FULL : Registration.CREATED;
                assertEquals(want, got, op.toString());
                if (got.accepted()) {
                    model.put(r.key(), value);
                    created += got == Registration.CREATED ? 1 : 0;
                } else {
                    refused++;
                }
            } else if (op instanceof Deregister d) {
                assertEquals(model.remove(d.key()) != null,
                        cache.deregister(keyHi(d.key()), keyLo(d.key())), op.toString());
            } else if (op instanceof Expire e) {
                Set<Integer> want = new HashSet<>();
                model.forEach((k, val) -> {
                    if (val.expiresAt() <= e.now()) {
                        want.add(k);
                    }
                });
                List<Binding> gone = new ArrayList<>();
                cache.expire(e.now(), gone::add);
                Set<Ipv6Address> got = new HashSet<>();
                gone.forEach(b -> got.add(b.homeAddress()));
                Set<Ipv6Address> wantAddresses = new HashSet<>();
                want.forEach(k -> wantAddresses.add(new Ipv6Address(keyHi(k), keyLo(k))));
                assertEquals(wantAddresses, got, op.toString());
                want.forEach(model::remove);
            } else if (op instanceof Lookup l) {
                Value want = model.get(l.key());
                boolean found = cache.lookup(keyHi(l.key()), keyLo(l.key()), v);
                assertEquals(want != null, found, op.toString());
                if (want != null) {
                    assertEquals(want, new Value(v.careOfHi(), v.careOfLo(), v.sequence(), v.flags(),
                            want.expiresAt()), op.toString());
                }
            }
            assertEquals(model.size(), cache.size());
        }
        // at the end every key agrees, present or absent, and the snapshot holds exactly the model
        for (int k = 0; k < 24; k++) {
            boolean found = cache.lookup(keyHi(k), keyLo(k), v);
            assertEquals(model.containsKey(k), found, "key " + k);
            if (found) {
                assertEquals(model.get(k).coaLo(), v.careOfLo());
            }
        }
        List<Binding> all = cache.bindings(0);
        assertEquals(model.size(), all.size());
        for (Binding b : all) {
            int k = (int) (b.homeAddress().lo() << 1) | (b.homeAddress().hi() == keyHi(1) ? 1 : 0);
            Value want = model.get(k);
            assertEquals(new Ipv6Address(want.coaHi(), want.coaLo()), b.careOfAddress());
            assertEquals(java.time.Duration.ofMillis(want.expiresAt()), b.lifetimeRemaining());
        }
        BindingCacheCounters c = cache.counters();
        assertEquals(created, c.created());
        assertEquals(refused, c.refused());
        assertFalse(model.size() > maxBindings);
    }
}
