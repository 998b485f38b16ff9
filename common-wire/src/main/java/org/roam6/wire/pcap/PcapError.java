package org.roam6.wire.pcap;

/**
 * What is wrong in a pcap file: the kind of fault, the 1-based number of the record at fault
 * (0 for the file header), the byte offset in the file where the fault was found, and a
 * human-readable detail.
 *
 * @param reason       the kind of fault
 * @param recordNumber 1-based record number, 0 when the file header is at fault
 * @param offset       byte offset in the file of the structure at fault
 * @param detail       short explanation
 */
public record PcapError(Reason reason, int recordNumber, long offset, String detail) {

    /** Kinds of fault in a pcap file. */
    public enum Reason {
        /** Fewer than 24 bytes: no complete file header. */
        TRUNCATED_FILE_HEADER,
        /** The magic number is none of the four classic pcap magics (pcapng is not read). */
        BAD_MAGIC,
        /** The file's link type is not one of {@link LinkType}. */
        UNSUPPORTED_LINK_TYPE,
        /** The file ends inside a 16-byte record header. */
        TRUNCATED_RECORD_HEADER,
        /** The captured length of a record is larger than the file's snap length or absurd. */
        BAD_RECORD_LENGTH,
        /** The file ends before the captured bytes of a record. */
        TRUNCATED_RECORD_DATA,
        /** A record's captured bytes are shorter than its link-layer header. */
        TRUNCATED_LINK_HEADER
    }

    @Override
    public String toString() {
        String where = recordNumber == 0 ? "file header" : "record " + recordNumber;
        return reason + " in " + where + " at offset " + offset + ": " + detail;
    }
}
