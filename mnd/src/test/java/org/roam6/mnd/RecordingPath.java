package org.roam6.mnd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roam6.wire.Ipv6Address;

/** A {@link RouteOptimisedPath} that records what it is told. */
final class RecordingPath implements RouteOptimisedPath {
    final List<String> events = new ArrayList<>();
    final Map<Ipv6Address, Ipv6Address> enabled = new HashMap<>();

    @Override
    public void enable(Ipv6Address correspondent, Ipv6Address careOfAddress) {
        events.add("enable " + correspondent + " " + careOfAddress);
        enabled.put(correspondent, careOfAddress);
    }

    @Override
    public void disable(Ipv6Address correspondent) {
        events.add("disable " + correspondent);
        enabled.remove(correspondent);
    }
}
