package io.vigil.core.engine;

import com.lmax.disruptor.EventHandler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * First stage on the input ring: appends each event to the journal and stamps its journal index, so that
 * nothing reaches a shard before it is journaled. A journal failure is fatal: the exception propagates and
 * halts this stage (shards gate on it), and the engine reports the failure to ingest.
 * <p>
 * Thread contract: runs on its own thread; the only caller of {@link Journal#append}.
 */
final class Journaler implements EventHandler<EventSlot>
{
    private final Journal journal;
    private final AtomicLong journaled = new AtomicLong();
    private final Engine engine;
    private final StageProbe probe;
    private final org.agrona.ExpandableArrayBuffer programEntry = new org.agrona.ExpandableArrayBuffer(4096);
    private final JournalIndexLog indexLog;

    Journaler(final Journal journal, final Engine engine, final int indexLogCapacity)
    {
        this.journal = journal;
        this.engine = engine;
        this.probe = engine.config().stageProbe();
        this.indexLog = new JournalIndexLog(indexLogCapacity);
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.replayed)
        {
            // read back from the journal by recovery: already there, at slot.journalIndex
            indexLog.record(sequence, slot.journalIndex);
            return;
        }
        if (slot.type == EventSlot.TYPE_QUERY)
        {
            // a read-only question to a shard changes no state: not journaled
            slot.journalIndex = -1;
            return;
        }
        try
        {
            if (slot.type == EventSlot.TYPE_PROGRAM)
            {
                final ProgramChange change = engine.programChange(slot.buffer().getLong(0));
                programEntry.putLong(0, change.version());
                programEntry.putBytes(8, change.source());
                slot.journalIndex = journal.append(slot.type, programEntry, 0, 8 + change.source().length);
            }
            else
            {
                slot.journalIndex = journal.append(slot.type, slot.buffer(), 0, slot.length);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            engine.fail("journaler", sequence, ex);
            throw ex;
        }
        indexLog.record(sequence, slot.journalIndex);
        journaled.lazySet(journaled.get() + 1);
        if (probe != null && slot.type == EventSlot.TYPE_TRANSACTION)
        {
            probe.onJournaled(sequence, slot.receivedNanos);
        }
    }

    /**
     * @param sequence a ring sequence this stage has passed.
     * @return its journal index, or -1 if it was not journaled (a query) or is too old to be remembered.
     */
    long journalIndexOf(final long sequence)
    {
        return indexLog.indexOf(sequence);
    }

    /** @return events appended so far. */
    long journaled()
    {
        return journaled.get();
    }
}
