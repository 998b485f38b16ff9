package org.roam6.had;

import org.roam6.binding.Binding;
import org.roam6.wire.Ipv6Address;

public interface BindingListener {
    void onRegistered(Binding binding);     // org.roam6.binding.Binding, new or CoA changed
    void onDeregistered(Ipv6Address homeAddress);  // de-registration or expiry
}
