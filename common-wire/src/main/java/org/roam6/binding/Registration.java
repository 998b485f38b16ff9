package org.roam6.binding;

import org.roam6.wire.mh.BindingAckStatus;

/** What {@link BindingCache#register} did with a registration. */
public enum Registration {
    /** A new entry for a home address the cache did not hold. */
    CREATED,
    /** The entry for that home address now carries the new care-of address, sequence and lifetime. */
    REFRESHED,
    /**
     * The cache holds its configured maximum of bindings: nothing changed. The home agent
     * answers with Binding Acknowledgement status 130, "Insufficient resources" (RFC 6275 6.1.8).
     */
    REFUSED_FULL;

    public boolean accepted() {
        return this != REFUSED_FULL;
    }

    /** The Binding Acknowledgement status for this outcome: 0 (accepted) or 130. */
    public int bindingAckStatus() {
        return accepted() ? BindingAckStatus.ACCEPTED : BindingAckStatus.INSUFFICIENT_RESOURCES;
    }
}
