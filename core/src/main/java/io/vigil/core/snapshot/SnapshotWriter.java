package io.vigil.core.snapshot;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Appends a shard's state to a growable buffer, little-endian, field after field, for a checkpoint: what a
 * {@link io.vigil.core.engine.ShardProgram#writeSnapshot} writes and a {@link SnapshotReader} reads back in the
 * same order. The buffer is kept between checkpoints, so steady checkpoints do not allocate once it has grown
 * to the state's size. The encoding carries no field names: writer and reader of each class must agree,
 * which the snapshot round-trip property test checks.
 * <p>
 * Thread contract: used by one thread at a time (the shard writing its checkpoint).
 */
public final class SnapshotWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableArrayBuffer buffer;
    private int position;

    /** A writer with a 64 KiB initial buffer. */
    public SnapshotWriter()
    {
        this(64 * 1024);
    }

    /**
     * @param initialCapacity initial buffer size in bytes.
     */
    public SnapshotWriter(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    /** Forgets what was written, keeping the buffer. @return this. */
    public SnapshotWriter reset()
    {
        position = 0;
        return this;
    }

    /** @return bytes written since the last {@link #reset()}. */
    public int length()
    {
        return position;
    }

    /** @return the bytes written, from offset 0 to {@link #length()}; valid until the next write. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @param value written as one byte. @return this. */
    public SnapshotWriter putByte(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    /** @param value written as one byte, 0 or 1. @return this. */
    public SnapshotWriter putBoolean(final boolean value)
    {
        return putByte(value ? 1 : 0);
    }

    /** @param value written as 4 bytes. @return this. */
    public SnapshotWriter putInt(final int value)
    {
        buffer.putInt(position, value, ORDER);
        position += 4;
        return this;
    }

    /** @param value written as 8 bytes. @return this. */
    public SnapshotWriter putLong(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += 8;
        return this;
    }

    /** @param value written as its raw IEEE-754 bits (8 bytes), so NaNs and signed zeros survive. @return this. */
    public SnapshotWriter putDouble(final double value)
    {
        return putLong(Double.doubleToRawLongBits(value));
    }

    /**
     * @param source bytes to copy.
     * @param offset first byte.
     * @param length how many; the reader must know the length (write it first).
     * @return this.
     */
    public SnapshotWriter putBytes(final byte[] source, final int offset, final int length)
    {
        buffer.putBytes(position, source, offset, length);
        position += length;
        return this;
    }

    /**
     * @param source bytes to copy.
     * @param offset first byte.
     * @param length how many; the reader must know the length (write it first).
     * @return this.
     */
    public SnapshotWriter putBytes(final DirectBuffer source, final int offset, final int length)
    {
        buffer.putBytes(position, source, offset, length);
        position += length;
        return this;
    }

    /**
     * @param values array whose first {@code count} elements are written, after nothing (write the count first).
     * @param count  how many.
     * @return this.
     */
    public SnapshotWriter putLongs(final long[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            putLong(values[i]);
        }
        return this;
    }

    /**
     * A string as its UTF-8 length (i32) and bytes; for identities (rule ids, definitions), not per-event data.
     *
     * @param value the string, not null.
     * @return this.
     */
    public SnapshotWriter putString(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        putInt(bytes.length);
        return putBytes(bytes, 0, bytes.length);
    }
}
