package io.vigil.journal.snapshot;

import java.nio.ByteOrder;

/**
 * Layout of one shard's snapshot file ({@code shard-N.snap} in a checkpoint directory). The body is the
 * shard program's own encoding ({@code ShardProgram.writeSnapshot}; for rule programs see
 * {@code io.vigil.rules.RuleProgramSnapshotDescriptor}); the frame around it says which checkpoint and shard
 * it belongs to and protects everything with a CRC32C (Castagnoli), so a flipped byte or a truncated file is
 * detected before any state is restored.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 magic 0x4E534756 ("VGSN", i32)                |   0
 *  +---------------------------------------------------------------+
 *  |                 file layout version (i32)                     |   4
 *  +---------------------------------------------------------------+
 *  |                 checkpoint id (i64)                           |   8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 journal index of the barrier (i64)            |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 shard id (i32)                                |  24
 *  +---------------------------------------------------------------+
 *  |                 shard count (i32)                             |  28
 *  +---------------------------------------------------------------+
 *  |                 body length in bytes (i64)                    |  32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 body: the program's snapshot             ...  |  40
 *  +---------------------------------------------------------------+
 *  |                 CRC32C of bytes [0, 40 + body length) (i32)   |  40 + length
 *  +---------------------------------------------------------------+
 * </pre>
 * Little-endian throughout. A file is written to {@code shard-N.snap.tmp}, forced to disk, then renamed, so a
 * crash leaves either no file or a whole one; the checkpoint's {@code MANIFEST}, written last the same way,
 * is what makes a checkpoint count.
 */
public final class SnapshotFileDescriptor
{
    /** "VGSN" little-endian. */
    public static final int MAGIC = 0x4E534756;
    /** File layout version, bumped on any change here. */
    public static final int VERSION = 1;
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int CHECKPOINT_ID_OFFSET = 8;
    public static final int JOURNAL_INDEX_OFFSET = 16;
    public static final int SHARD_ID_OFFSET = 24;
    public static final int SHARD_COUNT_OFFSET = 28;
    public static final int BODY_LENGTH_OFFSET = 32;
    /** Offset of the body; also the header length. */
    public static final int BODY_OFFSET = 40;
    /** Bytes of the CRC trailer. */
    public static final int TRAILER_LENGTH = 4;

    private SnapshotFileDescriptor()
    {
    }

    /**
     * @param bodyLength body bytes.
     * @return bytes of the whole file.
     */
    public static long fileLength(final long bodyLength)
    {
        return BODY_OFFSET + bodyLength + TRAILER_LENGTH;
    }
}
