package io.vigil.core.engine;

import io.vigil.core.event.TransactionDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated entry of the input ring. Ingest writes an event in place into {@link #buffer()}
 * (through a flyweight) and publishes; the journaler stamps {@link #journalIndex}; shards read in place.
 * <p>
 * Thread contract: written by the one producer that claimed the sequence, then by the journaler, then read
 * by shards; the Disruptor's sequence barriers order these accesses.
 */
public final class EventSlot
{
    /** Type of a card transaction entry. */
    public static final int TYPE_TRANSACTION = 1;

    /**
     * Type of a tick: event time moved on without a transaction (an idle source, or the end of a bounded
     * input, whose final tick carries {@link Long#MAX_VALUE}). Its payload is the event time, 8 bytes,
     * little-endian, at offset 0. Ticks are journaled like transactions, so replay sees the same ones.
     */
    public static final int TYPE_TICK = 2;

    /** Bytes of a tick's payload. */
    public static final int TICK_LENGTH = 8;

    /**
     * Type of a rule-set change ({@link ProgramChange}). In the ring its payload is the change's version (8
     * bytes at offset 0); in the journal, the version followed by the rule file's UTF-8 text.
     */
    public static final int TYPE_PROGRAM = 3;

    /**
     * Type of a read-only question to the shard that owns a key ({@link KeyQuery}): the live state of that key.
     * Its payload is the query's id (8 bytes at offset 0). Not journaled: it changes no state.
     */
    public static final int TYPE_QUERY = 4;

    /**
     * Type of a checkpoint barrier: each shard, on reaching it, writes its state with the barrier's journal
     * index (see {@link io.vigil.core.snapshot.CheckpointSink}). Payload: the checkpoint id, 8 bytes at offset 0.
     * Journaled like every input, so tools see where checkpoints were taken; replay skips barriers.
     */
    public static final int TYPE_CHECKPOINT = 5;

    /** Bytes reserved per slot. */
    public static final int CAPACITY = 384;

    /**
     * Offset, in a transaction entry's payload, of its optional source position: where the event came from in a
     * partitioned log (a Kafka topic partition), journaled with the event so that the journal alone says where to
     * resume that partition. Absent (payload of {@link TransactionDescriptor#ENCODED_LENGTH} bytes) for events
     * from other sources. Layout, little-endian, after the 336 bytes of the event:
     *
     * <pre>
     *  +---------------------------------------------------------------+
     *  |            source offset: the record's offset (i64)           | 336
     *  |   source partition (i32)    |   marker SOURCE_POSITION_MAGIC  | 344
     *  +---------------------------------------------------------------+ 352
     * </pre>
     *
     * Readers that know only the event read its first 336 bytes and ignore the rest; replay copies the whole
     * payload but marks the slot as a plain transaction, so the trailer is never journaled twice.
     */
    public static final int SOURCE_POSITION_OFFSET = TransactionDescriptor.ENCODED_LENGTH;

    /** Bytes of the source position trailer. */
    public static final int SOURCE_POSITION_LENGTH = 16;

    /** The marker in a source position's last four bytes ("SRC1" read as a little-endian i32). */
    public static final int SOURCE_POSITION_MAGIC = 0x31435253;

    /**
     * The marker of a reference position ("REF1" read as a little-endian i32): the trailer of an event taken from
     * a reference topic (replicated tables read in full by every partition engine), which names its topic too.
     * Layout, little-endian, after the 336 bytes of the event (the first 16 bytes as a source position's, so a
     * reader that knows only {@link #SOURCE_POSITION_MAGIC} passes it by its marker):
     *
     * <pre>
     *  +---------------------------------------------------------------+
     *  |          reference offset: the record's offset (i64)          | 336
     *  |  reference partition (i32)  | marker REFERENCE_POSITION_MAGIC | 344
     *  |  topic id (i32, CRC-32 of   |          reserved, 0            | 352
     *  |  the topic's UTF-8 name)    |                                 |
     *  +---------------------------------------------------------------+ 360
     * </pre>
     */
    public static final int REFERENCE_POSITION_MAGIC = 0x31464552;

    /** Bytes of the reference position trailer. */
    public static final int REFERENCE_POSITION_LENGTH = 24;

    private final UnsafeBuffer buffer;
    int type;
    int length;
    long journalIndex;
    long receivedNanos;
    boolean replayed;

    EventSlot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }

    /** @return the slot's bytes, {@link #CAPACITY} long. */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Marks the slot as holding a transaction, encoded at offset 0.
     *
     * @param receivedNanos {@code System.nanoTime()} at receipt, for latency measurement only.
     */
    public void transaction(final long receivedNanos)
    {
        this.type = TYPE_TRANSACTION;
        this.length = TransactionDescriptor.ENCODED_LENGTH;
        this.receivedNanos = receivedNanos;
        this.replayed = false;
    }

    /**
     * Marks the slot as holding a tick at {@code eventTimeMs}.
     *
     * @param eventTimeMs   the event time the source has reached, epoch ms.
     * @param receivedNanos {@code System.nanoTime()} at receipt, for latency measurement only.
     */
    public void tick(final long eventTimeMs, final long receivedNanos)
    {
        buffer.putLong(0, eventTimeMs);
        this.type = TYPE_TICK;
        this.length = TICK_LENGTH;
        this.receivedNanos = receivedNanos;
        this.replayed = false;
    }

    /**
     * Adds a source position to the transaction just marked by {@link #transaction}: the journal keeps it with
     * the event (see {@link #SOURCE_POSITION_OFFSET}). Call after {@code transaction}, before publishing.
     *
     * @param offset    the event's offset in its source partition (a Kafka record offset), &gt;= 0.
     * @param partition the partition's number, &gt;= 0.
     */
    public void sourcePosition(final long offset, final int partition)
    {
        buffer.putLong(SOURCE_POSITION_OFFSET, offset);
        buffer.putInt(SOURCE_POSITION_OFFSET + 8, partition);
        buffer.putInt(SOURCE_POSITION_OFFSET + 12, SOURCE_POSITION_MAGIC);
        this.length = TransactionDescriptor.ENCODED_LENGTH + SOURCE_POSITION_LENGTH;
    }

    /**
     * Adds a reference position to the event just marked by {@link #transaction}: it came from a reference topic
     * (see {@link #REFERENCE_POSITION_MAGIC}). Call after {@code transaction}, before publishing.
     *
     * @param offset    the record's offset in its reference partition, &gt;= 0.
     * @param partition the reference partition's number, &gt;= 0.
     * @param topicId   the reference topic's id (CRC-32 of its UTF-8 name).
     */
    public void referencePosition(final long offset, final int partition, final int topicId)
    {
        buffer.putLong(SOURCE_POSITION_OFFSET, offset);
        buffer.putInt(SOURCE_POSITION_OFFSET + 8, partition);
        buffer.putInt(SOURCE_POSITION_OFFSET + 12, REFERENCE_POSITION_MAGIC);
        buffer.putInt(SOURCE_POSITION_OFFSET + 16, topicId);
        buffer.putInt(SOURCE_POSITION_OFFSET + 20, 0);
        this.length = TransactionDescriptor.ENCODED_LENGTH + REFERENCE_POSITION_LENGTH;
    }

    /**
     * Marks the event just written (by {@link #transaction} or {@link #tick}) as read back from the journal at
     * {@code journalIndex}: the journaler does not append it again, and shards see it with that index. Used by
     * recovery and replay only; call it after {@code transaction}/{@code tick}, before publishing.
     *
     * @param journalIndex the entry's index in the journal it was read from.
     */
    public void replayed(final long journalIndex)
    {
        this.replayed = true;
        this.journalIndex = journalIndex;
    }

    /**
     * Marks the slot as a checkpoint barrier.
     *
     * @param checkpointId  from {@link io.vigil.core.snapshot.CheckpointSink#nextCheckpointId()}.
     * @param receivedNanos {@code System.nanoTime()} when published.
     */
    void checkpoint(final long checkpointId, final long receivedNanos)
    {
        buffer.putLong(0, checkpointId);
        this.type = TYPE_CHECKPOINT;
        this.length = 8;
        this.receivedNanos = receivedNanos;
        this.replayed = false;
    }

    /** @return whether this event was read back from the journal rather than received (recovery, replay). */
    public boolean isReplayed()
    {
        return replayed;
    }

    /**
     * Marks the slot as holding a rule-set change.
     *
     * @param version       the change's version, registered with the engine.
     * @param receivedNanos {@code System.nanoTime()} at receipt, for latency measurement only.
     */
    void programChange(final long version, final long receivedNanos)
    {
        buffer.putLong(0, version);
        this.type = TYPE_PROGRAM;
        this.length = 8;
        this.receivedNanos = receivedNanos;
        this.replayed = false;
    }

    /**
     * Marks the slot as holding a key query.
     *
     * @param queryId the query's id, registered with the engine.
     */
    void query(final long queryId)
    {
        buffer.putLong(0, queryId);
        this.type = TYPE_QUERY;
        this.length = 8;
        this.receivedNanos = System.nanoTime();
    }

    /** @return the entry type. */
    public int type()
    {
        return type;
    }

    /** @return the encoded length. */
    public int length()
    {
        return length;
    }

    /** @return the journal index stamped by the journaler; valid once journaled. */
    public long journalIndex()
    {
        return journalIndex;
    }

    /** @return {@code System.nanoTime()} at receipt. */
    public long receivedNanos()
    {
        return receivedNanos;
    }
}
