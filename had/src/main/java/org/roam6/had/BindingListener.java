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
}
