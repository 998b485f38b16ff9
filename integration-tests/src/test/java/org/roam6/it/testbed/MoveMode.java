package org.roam6.it.testbed;

/** How {@code testbed.sh move} treats what the mobile node learnt on the link it leaves. */
public enum MoveMode {
    /**
     * Layer 2 only: the MN's port leaves one bridge and joins another; its old SLAAC addresses,
     * RA routes and neighbour entries stay until their lifetimes run out (router lifetime 4 s),
     * exactly as a plain host without movement detection keeps them.
     */
    LAYER2,
    /**
     * Layer 2 plus a host that forgets the old link while detached: SLAAC addresses, RA routes
     * and neighbour entries of the access interface are flushed ({@code move --clean}).
     */
    CLEAN
}
