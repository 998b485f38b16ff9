package org.roam6.mnd;

/**
 * Told by {@link MovementDetector} when the mobile node's point of attachment changes
 * (RFC 6275 11.5.1). Called on the detector's thread; keep the work short.
 */
public interface MovementListener {
    /** A new link (a new care-of address), or the home link again ({@link Attachment#atHome()}). */
    void onAttached(Attachment attachment);

    /** The link is gone (carrier lost, or the router and its prefix are no longer reachable). */
    void onDetached(String interfaceName);
}
