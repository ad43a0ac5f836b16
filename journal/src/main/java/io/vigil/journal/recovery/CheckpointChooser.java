package io.vigil.journal.recovery;

import io.vigil.core.engine.ShardProgram;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.snapshot.SnapshotFormatException;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.journal.JournalReader;
import io.vigil.journal.snapshot.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Picks the newest checkpoint that can be trusted and restores every shard's program from it. A checkpoint is
 * passed over, with the reason logged and kept in the report, when it is incomplete (no manifest), any file
 * fails its checks (CRC32C, lengths, ids), it was taken with another shard count, its rules no longer compile,
 * a shard's snapshot does not restore, or the journal no longer holds its barrier (so the entries after it
 * could not be replayed).
 * <p>
 * Thread contract: used once, by the thread opening the {@link DurableEngine}.
 */
final class CheckpointChooser
{
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckpointChooser.class);

    /**
     * A checkpoint restored.
     *
     * @param dir      its directory.
     * @param id       its id.
     * @param index    its barrier's journal index.
     * @param programs the shards' restored programs.
     * @param source   the rule file they run, or null.
     */
    record Chosen(Path dir, long id, long index, ShardProgram[] programs, byte[] source)
    {
    }

    private CheckpointChooser()
    {
    }

    static Chosen choose(
        final CheckpointStore store, final JournalReader journal, final DurableConfig config, final List<String> rejected)
    {
        final int shardCount = config.engine().shardCount();
        for (final Path dir : store.listNewestFirst())
        {
            try
            {
                final Chosen chosen = restore(dir, journal, config, shardCount);
                if (!rejected.isEmpty())
                {
                    LOGGER.warn("recovery: using the older checkpoint {} because newer ones were not usable", dir);
                }
                return chosen;
            }
            catch (final SnapshotFormatException | IOException | IllegalArgumentException | RecoveryException ex)
            {
                final String reason = dir.getFileName() + ": " + ex.getMessage();
                rejected.add(reason);
                LOGGER.warn("recovery: checkpoint not usable, trying the one before: {}", reason);
            }
        }
        return null;
    }

    private static Chosen restore(
        final Path dir, final JournalReader journal, final DurableConfig config, final int shardCount) throws IOException
    {
        final CheckpointStore.LoadedCheckpoint loaded = CheckpointStore.load(dir);
        final long index = loaded.manifest().journalIndex();
        if (loaded.manifest().shardCount() != shardCount)
        {
            throw new RecoveryException("taken with " + loaded.manifest().shardCount() + " shard(s), the engine runs " +
                shardCount + " (state is partitioned by shard; run with --shards " + loaded.manifest().shardCount() +
                " to use it)");
        }
        if (!journal.moveToIndex(index))
        {
            throw new RecoveryException("the journal no longer holds its barrier at index " + index +
                " (journal cycles deleted or another journal)");
        }
        final ShardProgramFactory factory;
        if (loaded.rules() != null)
        {
            if (config.compiler() == null)
            {
                throw new RecoveryException("it ran a rule file and no rule compiler is configured");
            }
            factory = config.compiler().compile(loaded.rules());
        }
        else
        {
            factory = config.engine().programFactory();
        }
        final ShardProgram[] programs = new ShardProgram[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            programs[i] = factory.create(i, shardCount);
            final SnapshotReader in = loaded.shards()[i].reader();
            try
            {
                programs[i].restoreSnapshot(in);
                in.expectEnd();
            }
            catch (final SnapshotFormatException ex)
            {
                throw new SnapshotFormatException("shard " + i + ": " + ex.getMessage());
            }
        }
        return new Chosen(dir, loaded.manifest().id(), index, programs, loaded.rules());
    }
}
