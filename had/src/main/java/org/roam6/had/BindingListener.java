package org.roam6.had;

import org.roam6.binding.Binding;
import org.roam6.wire.Ipv6Address;

/**
 * Told by {@link HomeRegistration} when a home registration starts, moves or ends, so the parts
 * that intercept and tunnel for a mobile node (proxy neighbour discovery, the /128 route into
 * the TUN, RFC 6275 10.4) follow the Binding Cache. Called on the signalling or timer thread,
 * after the cache has changed; keep the work short. An exception from {@link #onRegistered}
 * makes the registration fail (BA status 143 for a mobile router, 128 otherwise) and the binding
 * is removed again.
 */
public interface BindingListener {
    void onRegistered(Binding binding);     // org.roam6.binding.Binding, new or CoA changed
    void onDeregistered(Ipv6Address homeAddress);  // de-registration or expiry

    /**
     * A Binding Update refreshed a binding without moving it (same care-of address and mobile
     * network prefixes): most parts have nothing to do. {@link InterceptionOwner} recomputes on
     * it which home agent intercepts for a mobile node registered with several
     * (had/docs/multiha.md). An exception here is logged; the registration stands.
     */
    default void onRefreshed(Binding binding) {
    }
}
