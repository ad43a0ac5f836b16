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
final class JournalReplayer implements EntryHandler
{
    static final String DAMAGE_FILE = "journal-damage";
    private static final Logger LOGGER = LoggerFactory.getLogger(JournalReplayer.class);
    private static final long PROGRESS_EVERY_NS = 2_000_000_000L;

    private final Engine engine;
    private final DurableConfig config;
    private final long skipIndex;
    private long entries;
    private long transactions;
    private long damaged;
    private byte[] programSource;
    private long lastTransactionIndex = -1;
    private boolean endOfInput;
    private long startNs;
    private long lastProgressNs;

    JournalReplayer(final Engine engine, final DurableConfig config, final long skipIndex, final byte[] programSource)
    {
        this.engine = engine;
        this.config = config;
        this.skipIndex = skipIndex;
        this.programSource = programSource;
    }

    /** Replays from the reader's position to the journal's end, then waits until the engine has processed it. */
    void replay(final JournalReader reader) throws IOException
    {
        startNs = System.nanoTime();
        lastProgressNs = startNs;
        final Path damageFile = config.dataDir().resolve(DAMAGE_FILE);
        final Set<Long> known = knownDamage(damageFile);
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
                if (!known.contains(at))
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
                final byte[] source = new byte[length - 8];
                buffer.getBytes(offset + 8, source);
                if (config.compiler() == null)
                {
                    throw new RecoveryException("journal entry " + index + " changes the rules and no rule compiler " +
                        "is configured");
                }
                engine.replayProgramChange(index, source, config.compiler().compile(source));
                programSource = source;
            }
            case EventSlot.TYPE_CHECKPOINT ->
            {
                return;
            }
            default -> throw new RecoveryException("journal entry " + index + ": unknown entry type " + type);
        }
        entries++;
        if (entries % config.progressEveryEntries() == 0)
        {
            final long now = System.nanoTime();
            if (now - lastProgressNs >= PROGRESS_EVERY_NS || entries == config.progressEveryEntries())
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

    long entries()
    {
        return entries;
    }

    long transactions()
    {
        return transactions;
    }

    long damaged()
    {
        return damaged;
    }

    byte[] programSource()
    {
        return programSource;
    }

    long lastTransactionIndex()
    {
        return lastTransactionIndex;
    }

    boolean endOfInput()
    {
        return endOfInput;
    }

}
