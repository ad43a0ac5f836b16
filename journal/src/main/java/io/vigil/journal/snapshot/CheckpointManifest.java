package io.vigil.journal.snapshot;

import io.vigil.core.snapshot.SnapshotFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The file that makes a checkpoint count: {@code MANIFEST} in its directory, written (temporary file, fsync,
 * rename) only once every shard has written its snapshot and the alerts before the barrier are durable. Plain
 * text, one {@code key=value} a line, so an operator can read it; its last line is {@code crc32c=} of the
 * lines before it.
 * <pre>
 * vigil-checkpoint=1
 * id=12
 * journal_index=85899345920
 * shards=2
 * shard.0.bytes=1048616
 * shard.1.bytes=1032044
 * rules_bytes=5321            (rules.yaml beside it; -1 for rules built in code)
 * write_ms=83
 * crc32c=1a2b3c4d
 * </pre>
 *
 * @param id           the checkpoint id.
 * @param journalIndex the barrier's journal index.
 * @param shardBytes   bytes of each shard's file, by shard id.
 * @param rulesBytes   bytes of the rule file kept beside it, or -1 if the rules were built in code.
 * @param writeMs      wall-clock ms from the first shard's snapshot to the manifest (for reporting only).
 */
public record CheckpointManifest(long id, long journalIndex, long[] shardBytes, long rulesBytes, long writeMs)
{
    /** Name of the manifest file in a checkpoint directory. */
    public static final String FILE_NAME = "MANIFEST";
    /** Manifest format version. */
    public static final int VERSION = 1;

    /** @return shards of the engine that wrote it. */
    public int shardCount()
    {
        return shardBytes.length;
    }

    /** @return bytes of every shard's snapshot file together. */
    public long totalBytes()
    {
        long total = 0;
        for (final long bytes : shardBytes)
        {
            total += bytes;
        }
        return total;
    }

    void write(final Path dir) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        text.append("vigil-checkpoint=").append(VERSION).append('\n')
            .append("id=").append(id).append('\n')
            .append("journal_index=").append(journalIndex).append('\n')
            .append("shards=").append(shardBytes.length).append('\n');
        for (int i = 0; i < shardBytes.length; i++)
        {
            text.append("shard.").append(i).append(".bytes=").append(shardBytes[i]).append('\n');
        }
        text.append("rules_bytes=").append(rulesBytes).append('\n').append("write_ms=").append(writeMs).append('\n');
        final byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(body);
        final String all = text + "crc32c=" + Long.toHexString(crc.getValue()) + "\n";
        final Path file = dir.resolve(FILE_NAME);
        final Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING))
        {
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(all.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SnapshotFile.forceDirectory(dir);
    }

    /**
     * Reads and checks a checkpoint's manifest.
     *
     * @param dir the checkpoint directory.
     * @return the manifest.
     * @throws SnapshotFormatException naming the file, line and what was expected.
     * @throws IOException             if it cannot be read (a missing manifest: {@link java.nio.file.NoSuchFileException}).
     */
    public static CheckpointManifest read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE_NAME);
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final int crcAt = text.lastIndexOf("crc32c=");
        if (crcAt < 0 || !text.endsWith("\n"))
        {
            throw new SnapshotFormatException(file + ": truncated: expected a last line crc32c=…");
        }
        final CRC32C crc = new CRC32C();
        crc.update(text.substring(0, crcAt).getBytes(StandardCharsets.UTF_8));
        final String stored = text.substring(crcAt + "crc32c=".length()).trim();
        if (!stored.equals(Long.toHexString(crc.getValue())))
        {
            throw new SnapshotFormatException(file + ": checksum mismatch (stored " + stored + ", computed " +
                Long.toHexString(crc.getValue()) + "): the manifest is corrupt");
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        final String[] lines = text.substring(0, crcAt).split("\n");
        for (int i = 0; i < lines.length; i++)
        {
            final int eq = lines[i].indexOf('=');
            if (eq <= 0)
            {
                throw new SnapshotFormatException(file + ":" + (i + 1) + ": expected key=value, found '" + lines[i] + "'");
            }
            fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        if (!String.valueOf(VERSION).equals(fields.get("vigil-checkpoint")))
        {
            throw new SnapshotFormatException(file + ": expected vigil-checkpoint=" + VERSION + ", found " +
                fields.get("vigil-checkpoint"));
        }
        final int shards = (int)number(file, fields, "shards");
        final long[] shardBytes = new long[shards];
        for (int i = 0; i < shards; i++)
        {
            shardBytes[i] = number(file, fields, "shard." + i + ".bytes");
        }
        return new CheckpointManifest(number(file, fields, "id"), number(file, fields, "journal_index"), shardBytes,
            number(file, fields, "rules_bytes"), number(file, fields, "write_ms"));
    }

    private static long number(final Path file, final Map<String, String> fields, final String key)
    {
        final String value = fields.get(key);
        if (value == null)
        {
            throw new SnapshotFormatException(file + ": expected a line " + key + "=<number>, found none");
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new SnapshotFormatException(file + ": " + key + ": expected a number, found '" + value + "'");
        }
    }
}
