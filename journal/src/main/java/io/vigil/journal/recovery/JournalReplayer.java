package io.vigil.journal.recovery;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EventSlot;
import io.vigil.journal.EntryHandler;
import io.vigil.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Feeds journal entries back through a started engine's ring, exactly as they were first processed: each is
 * published marked as replayed with its original index (the journaler does not append it again), rule-set
 * changes are recompiled from their journaled text, checkpoint barriers are skipped. Logs progress and
 * throughput. A malformed entry (a crash mid-append leaves a truncated last entry) is skipped if it is the
 * journal's last, or was recorded as damaged by an earlier recovery, and recorded in {@code DIR/journal-damage};
 * anywhere else recovery stops, naming it.
 * <p>
 * Thread contract: used by one thread, the only producer while it replays.
 */
public final class JournalReplayer implements EntryHandler
{
    /** Name of the file, in the data directory, listing damaged journal entries to skip. */
    public static final String DAMAGE_FILE = "journal-damage";
    private static final Logger LOGGER = LoggerFactory.getLogger(JournalReplayer.class);
    private static final long PROGRESS_EVERY_NS = 2_000_000_000L;

    private final Engine engine;
    private final ProgramCompiler compiler;
    private final boolean followRuleChanges;
    private final long progressEveryEntries;
    private final Path damageFile;
    private final long skipIndex;
    private long entries;
    private long transactions;
    private long damaged;
    private byte[] programSource;
    private long lastTransactionIndex = -1;
    private boolean endOfInput;
    private long startNs;
    private long lastProgressNs;

    /**
     * @param engine               a started engine to replay into.
     * @param compiler             compiles journaled rule changes; may be null if {@code followRuleChanges} is false.
     * @param followRuleChanges    whether journaled rule changes apply (false: what-if runs with other rules).
     * @param skipIndex            an index not to replay (the checkpoint barrier replay starts at), or -1.
     * @param programSource        the rule file the engine starts with, or null.
     * @param progressEveryEntries entries between progress checks (a line at most every 2 s).
     * @param damageFile           file listing known damaged entries, appended to when the last entry is damaged;
     *                             null to stop at any damaged entry but the last.
     */
    public JournalReplayer(
        final Engine engine, final ProgramCompiler compiler, final boolean followRuleChanges, final long skipIndex,
        final byte[] programSource, final long progressEveryEntries, final Path damageFile)
    {
        this.engine = engine;
        this.compiler = compiler;
        this.followRuleChanges = followRuleChanges;
        this.skipIndex = skipIndex;
        this.programSource = programSource;
        this.progressEveryEntries = progressEveryEntries;
        this.damageFile = damageFile;
    }

    /**
     * Replays from the reader's position to the journal's end, then waits until the engine has processed it.
     *
     * @param reader positioned where replay starts.
     * @throws IOException       if the damage file cannot be read or written.
     * @throws RecoveryException if the journal is damaged other than at its end, or the engine fails.
     */
    public void replay(final JournalReader reader) throws IOException
    {
        startNs = System.nanoTime();
        lastProgressNs = startNs;
        final Set<Long> known = damageFile == null ? new HashSet<>() : knownDamage(damageFile);
        final long lastIndex = reader.lastIndex();
        while (true)
        {
            try
            {
                reader.readAll(this);
                break;
            }
            catch (final IllegalStateException ex)
            {
                final long at = reader.position();
                if (at != lastIndex && !known.contains(at))
                {
                    throw new RecoveryException("journal " + reader.dir() + ": " + ex.getMessage() + "; it is not the " +
                        "last entry, so the journal is damaged in the middle: recovery stops rather than skip input. " +
                        "Add its index to " + damageFile + " to skip it knowingly.", ex);
                }
                damaged++;
                LOGGER.warn("recovery: skipping damaged journal entry: {} ({}); its event was never processed",
                    ex.getMessage(), at == lastIndex ? "the last entry: a crash while appending it" : "recorded before");
                if (!known.contains(at) && damageFile != null)
                {
                    Files.writeString(damageFile, at + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                    known.add(at);
                }
                if (at == lastIndex || !reader.moveToIndex(at + 1))
                {
                    break;
                }
            }
        }
        if (!engine.awaitDrained(1, TimeUnit.DAYS))
        {
            throw new RecoveryException("engine failed during replay: " + engine.failure(), engine.failure());
        }
    }

    @Override
    public void onEntry(final long index, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (index == skipIndex)
        {
            return;
        }
        switch (type)
        {
            case EventSlot.TYPE_TRANSACTION ->
            {
                final long sequence = engine.claim();
                final EventSlot slot = engine.slot(sequence);
                slot.buffer().putBytes(0, buffer, offset, length);
                slot.transaction(System.nanoTime());
                slot.replayed(index);
                engine.publish(sequence);
                transactions++;
                endOfInput = false;
                lastTransactionIndex = index;
            }
            case EventSlot.TYPE_TICK ->
            {
                final long eventTimeMs = buffer.getLong(offset);
                final long sequence = engine.claim();
                final EventSlot slot = engine.slot(sequence);
                slot.tick(eventTimeMs, System.nanoTime());
                slot.replayed(index);
                engine.publish(sequence);
                endOfInput = eventTimeMs == Long.MAX_VALUE;
            }
            case EventSlot.TYPE_PROGRAM ->
            {
                if (!followRuleChanges)
                {
                    return;
                }
                final byte[] source = new byte[length - 8];
                buffer.getBytes(offset + 8, source);
                if (compiler == null)
                {
                    throw new RecoveryException("journal entry " + index + " changes the rules and no rule compiler " +
                        "is configured");
                }
                engine.replayProgramChange(index, source, compiler.compile(source));
                programSource = source;
            }
            case EventSlot.TYPE_CHECKPOINT ->
            {
                return;
            }
            default -> throw new RecoveryException("journal entry " + index + ": unknown entry type " + type);
        }
        entries++;
        if (entries % progressEveryEntries == 0)
        {
            final long now = System.nanoTime();
            if (now - lastProgressNs >= PROGRESS_EVERY_NS || entries == progressEveryEntries)
            {
                lastProgressNs = now;
                LOGGER.info(String.format(java.util.Locale.ROOT, "recovery: replayed %,d journal entries, %,.0f/s",
                    entries, entries / ((now - startNs) / 1e9)));
            }
        }
    }

    private static Set<Long> knownDamage(final Path file) throws IOException
    {
        final Set<Long> known = new HashSet<>();
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (!line.isBlank())
                {
                    known.add(Long.parseLong(line.trim()));
                }
            }
        }
        return known;
    }

    /** @return see the report's field of that name. */
    public long entries()
    {
        return entries;
    }

    /** @return see the report's field of that name. */
    public long transactions()
    {
        return transactions;
    }

    /** @return see the report's field of that name. */
    public long damaged()
    {
        return damaged;
    }

    /** @return see the report's field of that name. */
    public byte[] programSource()
    {
        return programSource;
    }

    /** @return see the report's field of that name. */
    public long lastTransactionIndex()
    {
        return lastTransactionIndex;
    }

    /** @return see the report's field of that name. */
    public boolean endOfInput()
    {
        return endOfInput;
    }

}
