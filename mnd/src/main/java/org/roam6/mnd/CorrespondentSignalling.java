package org.roam6.mnd;

import org.roam6.wire.Ipv6Address;
import org.roam6.wire.mh.MobilityMessage;

/**
 * Receives the Mobility Header messages that do not belong to the home registration: Home Test
 * and Care-of Test (RFC 6275 11.6), and Binding Acknowledgements, Binding Errors and Binding
 * Refresh Requests from correspondents (11.7.2, 11.3.6, 11.7.4). {@link MobileNodeSignalling}
 * hands them over after checking the checksum and decoding; called on its receive thread.
 */
public interface CorrespondentSignalling {
    void onMobilityMessage(MobilityMessage message, Ipv6Address source, Ipv6Address destination);

    /** Handles nothing: route optimisation switched off. */
    CorrespondentSignalling NONE = (m, s, d) -> { };
}
