package io.vigil.journal;

import java.nio.ByteOrder;

/**
 * Binary layout of one journal entry: the body of one Chronicle Queue document, written as raw bytes
 * (no Wire field names, no type tags). Chronicle frames each document with its own 4-byte header (length
 * and ready/metadata bits) before these bytes; that header is Chronicle's and not part of this layout.
 * All numbers are little-endian: Chronicle writes in native order and runs only on little-endian platforms.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  type (i32, see EventSlot.TYPE_*)             |   0
 *  +---------------------------------------------------------------+
 *  |                  payload length in bytes (i32, &gt;= 0)           |   4
 *  +---------------------------------------------------------------+
 *  |                  payload: the event's bytes as the ring slot   |   8
 *  |                  held them, e.g. a TransactionDescriptor       |
 *  |                  encoding (336 bytes)                     ...  |
 *  +---------------------------------------------------------------+ 8 + length
 * </pre>
 *
 * The payload is copied verbatim, so an entry read back is byte-identical to what was appended and can be
 * read in place by the event's flyweight. The entry's position in the journal (its <em>journal index</em>) is
 * not stored in the entry: it is Chronicle's excerpt index, see {@link ChronicleJournal#append}.
 */
public final class JournalEntryDescriptor
{
    /** Layout version, bumped on any change to this class. */
    public static final int VERSION = 1;

    /** Byte order of the header fields. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Offset of the entry type, an i32. */
    public static final int TYPE_OFFSET = 0;

    /** Offset of the payload length in bytes, an i32. */
    public static final int LENGTH_OFFSET = 4;

    /** Offset of the first payload byte. */
    public static final int PAYLOAD_OFFSET = 8;

    /** Bytes before the payload. */
    public static final int HEADER_LENGTH = PAYLOAD_OFFSET;

    /**
     * Largest payload accepted, in bytes. Events are a few hundred bytes, so this bound mostly catches corrupt
     * lengths; it also keeps every entry well inside the region Chronicle maps past the end of each chunk
     * (block size / 4: 16 MiB for the default 64 MiB block), which is what lets an entry be written with one
     * copy and read in place (the reader still checks, and copies an entry that would straddle a chunk).
     */
    public static final int MAX_PAYLOAD_LENGTH = 1 << 20;

    private JournalEntryDescriptor()
    {
    }

    /**
     * @param payloadLength payload bytes.
     * @return bytes the whole entry occupies, header included.
     */
    public static int entryLength(final int payloadLength)
    {
        return HEADER_LENGTH + payloadLength;
    }
}
