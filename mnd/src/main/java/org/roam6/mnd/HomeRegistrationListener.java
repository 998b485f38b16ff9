package org.roam6.mnd;

import java.util.List;
import org.roam6.wire.Ipv6Address;

/**
 * Told by {@link BindingUpdateList} how the home registration (RFC 6275 11.7.1, 11.7.3, 11.5.5)
 * goes, so the daemon can follow it: switch the data path, send the unsolicited Neighbor
 * Advertisement for the home address when back home, run DHAAD when the home agent is silent.
 * Called after the list's own state has changed, without its lock held, on the thread that
 * caused the change (the receive thread, the timer thread or the movement detector's).
 */
public interface HomeRegistrationListener {

    /**
     * The home agent accepted a binding of the home address to {@code careOfAddress} for
     * {@code lifetimeSeconds} (the lesser of what was asked and what was granted);
     * {@code roundTripNanos} from the Binding Update's transmission to its acknowledgement.
     */
    default void onRegistered(Ipv6Address homeAgent, Ipv6Address careOfAddress, int lifetimeSeconds,
                              long roundTripNanos) {
    }

    /**
     * The home agent acknowledged the de-registration sent from the home link (RFC 6275
     * 11.5.5): the daemon now answers for the home address there (unsolicited NA).
     */
    default void onDeregistered(Ipv6Address homeAgent) {
    }

    /** The home agent refused the Binding Update with {@code status} (128 or more, RFC 6275 6.1.8). */
    default void onRegistrationFailed(Ipv6Address homeAgent, int status) {
    }

    /**
     * No acknowledgement came even after the longest wait, MAX_BINDACK_TIMEOUT (RFC 6275 11.8,
     * 12): the daemon may look for another home agent with DHAAD (11.4.1) and hand it to
     * {@link BindingUpdateList#homeAgent}. Retransmissions go on meanwhile, every
     * MAX_BINDACK_TIMEOUT, and this is told again after each one that goes unanswered.
     */
    default void onHomeAgentSilent(Ipv6Address homeAgent) {
    }

    /**
     * The primary home agent, the one the reverse tunnel goes through, is now {@code homeAgent}
     * with the binding of {@code careOfAddress} (never null): after the first registration, a
     * move, or when the previous primary died or lost its binding (the first home agent of the
     * list holding a binding for the current care-of address, else the first holding any). The
     * daemon points {@link MobileNodeTunnel#away} at it.
     */
    default void onPrimaryHomeAgent(Ipv6Address homeAgent, Ipv6Address careOfAddress) {
    }

    /**
     * A live home agent reported {@code dead} unreachable (Home Agent Unreachable, the multi-HA
     * paper) and the list dropped them: the daemon looks for replacements (DHAAD, RFC 6275
     * 11.4.1) and hands them to {@link BindingUpdateList#homeAgents}, without the dead ones.
     */
    default void onHomeAgentLost(List<Ipv6Address> dead) {
    }

    /** Follows nothing. */
    HomeRegistrationListener NONE = new HomeRegistrationListener() { };
}
