package io.vigil.journal.snapshot;

import io.vigil.core.snapshot.CheckpointSink;
import io.vigil.core.snapshot.SnapshotFormatException;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Checkpoints on disk: a directory holding one sub-directory per checkpoint,
 * <pre>
 *   checkpoints/
 *     checkpoint-0000000000000012/
 *       shard-0.snap   shard-1.snap      (SnapshotFileDescriptor; each written .tmp, fsync, rename)
 *       rules.yaml                        (the rule file the shards ran, if they ran one)
 *       MANIFEST                          (CheckpointManifest: written last; only then does it count)
 * </pre>
 * As the engine's {@link CheckpointSink}: shards write their files at the barrier; once the barrier has passed
 * the alert collector (every shard done, alerts before it durable) the manifest is written, the newest
 * {@link #keep()} complete checkpoints are kept and older ones (and abandoned incomplete ones) deleted, and the
 * listener is told the journal index of the oldest kept checkpoint (journal housekeeping).
 * <p>
 * Files are written by one background thread ({@code vigil-checkpoint-writer}), in order: a shard's thread
 * only encodes its state and copies it, so it is held up for that copy rather than for the write and fsync;
 * the manifest task queued by {@link #onBarrierPassed} runs after every shard's file of that checkpoint.
 * {@link #awaitWrites()} waits for what is queued; {@link #close()} too, then stops the thread.
 * <p>
 * Thread contract: {@link CheckpointSink} methods from the engine's threads as documented there; the rest from
 * any thread (listing reads only manifests that are complete).
 */
public final class CheckpointStore implements CheckpointSink, AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String PREFIX = "checkpoint-";
    /** Name of the rule file kept in a checkpoint directory. */
    public static final String RULES_FILE = "rules.yaml";

    private final Path dir;
    private final int keep;
    private final AtomicLong nextId;
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile LongConsumer onOldestKeptIndex = index -> { };
    private volatile CheckpointManifest lastCompleted;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
        runnable ->
        {
            final Thread thread = new Thread(runnable, "vigil-checkpoint-writer");
            thread.setDaemon(true);
            return thread;
        });

    private static final class Pending
    {
        final long startNanos = System.nanoTime();
        final long[] shardBytes;
        final boolean[] written;
        volatile boolean failed;
        volatile long rulesBytes = -1;

        Pending(final int shardCount)
        {
            shardBytes = new long[shardCount];
            written = new boolean[shardCount];
        }
    }

    /**
     * @param dir  the checkpoints directory; created if missing.
     * @param keep how many complete checkpoints to keep, &gt;= 1 (the newest; older ones are deleted).
     * @throws UncheckedIOException if the directory cannot be created or listed.
     */
    public CheckpointStore(final Path dir, final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("checkpoints to keep: expected >= 1, found " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("checkpoints " + dir + ": cannot create the directory", ex);
        }
        long maxId = 0;
        for (final Path path : checkpointDirs())
        {
            maxId = Math.max(maxId, idOf(path));
        }
        nextId = new AtomicLong(maxId + 1);
    }

    /** @return the checkpoints directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return complete checkpoints kept. */
    public int keep()
    {
        return keep;
    }

    /**
     * @param listener told, after each completed checkpoint, the journal index of the oldest checkpoint kept:
     *                 the journal before it is no longer needed for recovery.
     */
    public void onOldestKeptIndex(final LongConsumer listener)
    {
        this.onOldestKeptIndex = listener;
    }

    /** @return the last checkpoint this store completed, or null. */
    public CheckpointManifest lastCompleted()
    {
        return lastCompleted;
    }

    /** @return checkpoints completed by this store. */
    public long completedCount()
    {
        return completed.get();
    }

    /** @return checkpoints that could not be completed (a shard failed, a write failed). */
    public long failedCount()
    {
        return failed.get();
    }

    @Override
    public long nextCheckpointId()
    {
        return nextId.getAndIncrement();
    }

    @Override
    public void onShardSnapshot(
        final long checkpointId, final long journalIndex, final int shardId, final int shardCount,
        final byte[] programSource, final DirectBuffer body, final int offset, final int length)
    {
        final Pending p = pending.computeIfAbsent(checkpointId, id -> new Pending(shardCount));
        final byte[] copy = new byte[length];
        body.getBytes(offset, copy);
        writer.execute(() -> writeShard(p, checkpointId, journalIndex, shardId, shardCount, programSource, copy));
    }

    private void writeShard(
        final Pending p, final long checkpointId, final long journalIndex, final int shardId, final int shardCount,
        final byte[] programSource, final byte[] body)
    {
        try
        {
            final Path cpDir = dirOf(checkpointId);
            Files.createDirectories(cpDir);
            p.shardBytes[shardId] = SnapshotFile.write(cpDir.resolve("shard-" + shardId + ".snap"), checkpointId,
                journalIndex, shardId, shardCount, new org.agrona.concurrent.UnsafeBuffer(body), 0, body.length);
            if (shardId == 0 && programSource != null)
            {
                Files.write(cpDir.resolve(RULES_FILE), programSource);
                p.rulesBytes = programSource.length;
            }
            p.written[shardId] = true;
        }
        catch (final IOException | RuntimeException ex)
        {
            p.failed = true;
            LOGGER.error("checkpoint {}: shard {} could not write its snapshot: {}", checkpointId, shardId, ex.toString());
        }
    }

    @Override
    public void onShardSnapshotFailed(final long checkpointId, final int shardId, final Throwable cause)
    {
        final Pending p = pending.computeIfAbsent(checkpointId, id -> new Pending(shardId + 1));
        p.failed = true;
        LOGGER.error("checkpoint {}: shard {} could not snapshot its state: {}", checkpointId, shardId, cause.toString());
    }

    @Override
    public void onBarrierPassed(final long checkpointId, final long journalIndex, final int shardCount)
    {
        final Pending p = pending.remove(checkpointId);
        writer.execute(() -> complete(p, checkpointId, journalIndex, shardCount));
    }

    /**
     * Waits until every snapshot and manifest queued so far is written (or has failed).
     *
     * @throws IllegalStateException if interrupted.
     */
    public void awaitWrites()
    {
        try
        {
            writer.submit(() -> { }).get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for checkpoint writes", ex);
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException ex)
        {
            throw new IllegalStateException("checkpoint writer: " + ex, ex);
        }
    }

    /** Waits for the queued writes, then stops the writer thread. Idempotent. */
    @Override
    public void close()
    {
        if (!writer.isShutdown())
        {
            awaitWrites();
            writer.shutdown();
        }
    }

    private void complete(final Pending p, final long checkpointId, final long journalIndex, final int shardCount)
    {
        boolean complete = p != null && !p.failed && p.written.length == shardCount;
        for (int i = 0; complete && i < shardCount; i++)
        {
            complete = p.written[i];
        }
        if (!complete)
        {
            failed.incrementAndGet();
            LOGGER.error("checkpoint {} at journal index {}: incomplete, not used (see the errors above)",
                checkpointId, journalIndex);
            return;
        }
        final long writeMs = (System.nanoTime() - p.startNanos) / 1_000_000;
        final CheckpointManifest manifest = new CheckpointManifest(
            checkpointId, journalIndex, p.shardBytes.clone(), p.rulesBytes, writeMs);
        try
        {
            manifest.write(dirOf(checkpointId));
        }
        catch (final IOException ex)
        {
            failed.incrementAndGet();
            LOGGER.error("checkpoint {}: cannot write its manifest: {}", checkpointId, ex.toString());
            return;
        }
        lastCompleted = manifest;
        completed.incrementAndGet();
        LOGGER.info("checkpoint {} at journal index {} complete: {} shard(s), {} bytes, {} ms", checkpointId,
            journalIndex, shardCount, manifest.totalBytes(), writeMs);
        prune(checkpointId);
    }

    /**
     * Keeps the newest {@link #keep()} complete checkpoints and deletes older ones and incomplete ones older
     * than the newest complete one, then reports the oldest kept checkpoint's journal index.
     */
    private void prune(final long newestCompleteId)
    {
        final List<Path> dirs = checkpointDirs();
        dirs.sort(Comparator.comparingLong(CheckpointStore::idOf).reversed());
        int kept = 0;
        long oldestKeptIndex = Long.MIN_VALUE;
        for (final Path path : dirs)
        {
            final long id = idOf(path);
            if (id > newestCompleteId)
            {
                continue; // a later checkpoint still being written
            }
            final boolean isComplete = Files.exists(path.resolve(CheckpointManifest.FILE_NAME));
            if (isComplete && kept < keep)
            {
                kept++;
                try
                {
                    oldestKeptIndex = CheckpointManifest.read(path).journalIndex();
                }
                catch (final IOException | SnapshotFormatException ex)
                {
                    LOGGER.warn("checkpoint {}: unreadable manifest, kept for inspection: {}", path, ex.getMessage());
                }
                continue;
            }
            deleteRecursively(path);
        }
        if (oldestKeptIndex != Long.MIN_VALUE)
        {
            onOldestKeptIndex.accept(oldestKeptIndex);
        }
    }

    /**
     * @return every checkpoint directory, newest first, complete or not (recovery checks each).
     */
    public List<Path> listNewestFirst()
    {
        final List<Path> dirs = checkpointDirs();
        dirs.sort(Comparator.comparingLong(CheckpointStore::idOf).reversed());
        return dirs;
    }

    /**
     * Loads and checks every file of a checkpoint.
     *
     * @param cpDir a checkpoint directory.
     * @return the checkpoint.
     * @throws SnapshotFormatException naming what is missing or wrong (no manifest: incomplete).
     * @throws IOException             if a file cannot be read.
     */
    public static LoadedCheckpoint load(final Path cpDir) throws IOException
    {
        final CheckpointManifest manifest;
        try
        {
            manifest = CheckpointManifest.read(cpDir);
        }
        catch (final NoSuchFileException ex)
        {
            throw new SnapshotFormatException(cpDir + ": incomplete: no MANIFEST (a crash before every shard wrote)");
        }
        final SnapshotFile[] shards = new SnapshotFile[manifest.shardCount()];
        for (int i = 0; i < shards.length; i++)
        {
            final Path file = cpDir.resolve("shard-" + i + ".snap");
            if (!Files.exists(file))
            {
                throw new SnapshotFormatException(file + ": missing, though the manifest lists it");
            }
            shards[i] = SnapshotFile.read(file);
            if (Files.size(file) != manifest.shardBytes()[i])
            {
                throw new SnapshotFormatException(file + ": expected " + manifest.shardBytes()[i] +
                    " bytes as the manifest says, found " + Files.size(file));
            }
            if (shards[i].checkpointId() != manifest.id() || shards[i].shardId() != i ||
                shards[i].journalIndex() != manifest.journalIndex() || shards[i].shardCount() != shards.length)
            {
                throw new SnapshotFormatException(file + ": belongs to checkpoint " + shards[i].checkpointId() +
                    " shard " + shards[i].shardId() + ", expected checkpoint " + manifest.id() + " shard " + i);
            }
        }
        byte[] rules = null;
        if (manifest.rulesBytes() >= 0)
        {
            rules = Files.readAllBytes(cpDir.resolve(RULES_FILE));
            if (rules.length != manifest.rulesBytes())
            {
                throw new SnapshotFormatException(cpDir.resolve(RULES_FILE) + ": expected " + manifest.rulesBytes() +
                    " bytes, found " + rules.length);
            }
        }
        return new LoadedCheckpoint(cpDir, manifest, shards, rules);
    }

    private Path dirOf(final long checkpointId)
    {
        return dir.resolve(String.format("%s%016d", PREFIX, checkpointId));
    }

    private List<Path> checkpointDirs()
    {
        final List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*"))
        {
            for (final Path path : stream)
            {
                if (Files.isDirectory(path) && idOf(path) >= 0)
                {
                    dirs.add(path);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("checkpoints " + dir + ": cannot list", ex);
        }
        return dirs;
    }

    private static long idOf(final Path path)
    {
        try
        {
            return Long.parseLong(path.getFileName().toString().substring(PREFIX.length()));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static void deleteRecursively(final Path path)
    {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path))
        {
            for (final Path file : stream)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOGGER.warn("checkpoint {}: could not delete: {}", path, ex.toString());
        }
    }

    /**
     * A checkpoint read back and checked.
     *
     * @param dir      its directory.
     * @param manifest its manifest.
     * @param shards   each shard's snapshot, by shard id.
     * @param rules    the rule file the shards ran, or null for rules built in code.
     */
    public record LoadedCheckpoint(Path dir, CheckpointManifest manifest, SnapshotFile[] shards, byte[] rules)
    {
    }
}
