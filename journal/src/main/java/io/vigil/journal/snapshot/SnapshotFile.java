package io.vigil.journal.snapshot;

import io.vigil.core.snapshot.SnapshotFormatException;
import io.vigil.core.snapshot.SnapshotReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.vigil.journal.snapshot.SnapshotFileDescriptor.*;

/**
 * One shard's snapshot file, laid out as in {@link SnapshotFileDescriptor}: writing it durably (temporary file,
 * force, rename, force the directory) and reading it back with every check (magic, version, lengths, CRC32C,
 * the checkpoint and shard it should belong to).
 *
 * @param checkpointId the checkpoint.
 * @param journalIndex the barrier's journal index.
 * @param shardId      the shard.
 * @param shardCount   shards of the engine that wrote it.
 * @param body         the program's snapshot.
 */
public record SnapshotFile(long checkpointId, long journalIndex, int shardId, int shardCount, DirectBuffer body)
{
    /** @return a reader over the body. */
    public SnapshotReader reader()
    {
        return new SnapshotReader(body, 0, body.capacity());
    }

    /**
     * Writes a snapshot file durably: {@code file}.tmp, fsync, atomic rename to {@code file}.
     *
     * @return bytes written.
     * @throws IOException if the file cannot be written; no file then replaces {@code file}.
     */
    static long write(
        final Path file, final long checkpointId, final long journalIndex, final int shardId, final int shardCount,
        final DirectBuffer body, final int offset, final int length) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(BODY_OFFSET).order(BYTE_ORDER);
        header.putInt(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION)
            .putLong(CHECKPOINT_ID_OFFSET, checkpointId).putLong(JOURNAL_INDEX_OFFSET, journalIndex)
            .putInt(SHARD_ID_OFFSET, shardId).putInt(SHARD_COUNT_OFFSET, shardCount)
            .putLong(BODY_LENGTH_OFFSET, length);
        final byte[] bodyBytes = new byte[length];
        body.getBytes(offset, bodyBytes);
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, BODY_OFFSET);
        crc.update(bodyBytes, 0, length);
        final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH).order(BYTE_ORDER);
        trailer.putInt(0, (int)crc.getValue());
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            writeFully(channel, header);
            writeFully(channel, ByteBuffer.wrap(bodyBytes));
            writeFully(channel, trailer);
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
        return fileLength(length);
    }

    /**
     * Reads and checks a snapshot file.
     *
     * @param file the file.
     * @return its contents.
     * @throws SnapshotFormatException naming the file and what is wrong (truncated, bad magic, version, CRC).
     * @throws IOException             if it cannot be read.
     */
    public static SnapshotFile read(final Path file) throws IOException
    {
        final long size = Files.size(file);
        if (size < BODY_OFFSET + TRAILER_LENGTH)
        {
            throw new SnapshotFormatException(file + ": truncated: expected at least " +
                (BODY_OFFSET + TRAILER_LENGTH) + " bytes, found " + size);
        }
        if (size > Integer.MAX_VALUE - 16)
        {
            throw new SnapshotFormatException(file + ": " + size + " bytes, more than one snapshot file may hold");
        }
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(BYTE_ORDER);
        if (buffer.getInt(MAGIC_OFFSET) != MAGIC)
        {
            throw new SnapshotFormatException(file + ": not a Vigil snapshot: expected magic 0x" +
                Integer.toHexString(MAGIC) + ", found 0x" + Integer.toHexString(buffer.getInt(MAGIC_OFFSET)));
        }
        if (buffer.getInt(VERSION_OFFSET) != VERSION)
        {
            throw new SnapshotFormatException(file + ": expected snapshot file version " + VERSION + ", found " +
                buffer.getInt(VERSION_OFFSET));
        }
        final long bodyLength = buffer.getLong(BODY_LENGTH_OFFSET);
        if (bodyLength != size - BODY_OFFSET - TRAILER_LENGTH)
        {
            throw new SnapshotFormatException(file + ": truncated or padded: the header says a body of " + bodyLength +
                " bytes, the file holds " + (size - BODY_OFFSET - TRAILER_LENGTH));
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, (int)(BODY_OFFSET + bodyLength));
        final int stored = buffer.getInt((int)(BODY_OFFSET + bodyLength));
        if (stored != (int)crc.getValue())
        {
            throw new SnapshotFormatException(file + ": checksum mismatch (CRC32C stored 0x" +
                Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString((int)crc.getValue()) +
                "): the file is corrupt");
        }
        return new SnapshotFile(buffer.getLong(CHECKPOINT_ID_OFFSET), buffer.getLong(JOURNAL_INDEX_OFFSET),
            buffer.getInt(SHARD_ID_OFFSET), buffer.getInt(SHARD_COUNT_OFFSET),
            new UnsafeBuffer(bytes, BODY_OFFSET, (int)bodyLength));
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }

    /** Forces a directory's entries (the rename) to disk; a no-op where the platform cannot open directories. */
    static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            // not supported on every platform; the rename is still atomic
        }
    }
}
