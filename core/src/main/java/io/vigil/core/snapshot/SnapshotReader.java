package io.vigil.core.snapshot;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads back, in order, what a {@link SnapshotWriter} wrote. Every read is bounds-checked: reading past the
 * end, or a count outside what the caller allows, throws {@link SnapshotFormatException} naming the byte
 * offset and the field, so a truncated or corrupt snapshot is refused rather than half-restored.
 * <p>
 * Thread contract: one thread (the one restoring a shard's program, before the engine starts).
 */
public final class SnapshotReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final DirectBuffer buffer;
    private final int limit;
    private int position;

    /**
     * @param buffer holding the snapshot body.
     * @param offset its first byte.
     * @param length its length in bytes.
     */
    public SnapshotReader(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    /** @return the offset of the next byte to read. */
    public int position()
    {
        return position;
    }

    /** @return bytes left. */
    public int remaining()
    {
        return limit - position;
    }

    private void need(final int bytes, final String field)
    {
        if (bytes < 0 || limit - position < bytes)
        {
            throw new SnapshotFormatException("snapshot truncated at byte " + position + ": expected " + bytes +
                " more byte(s) for " + field + ", found " + (limit - position));
        }
    }

    /** @param field what is read, for the message. @return one byte, unsigned. */
    public int getByte(final String field)
    {
        need(1, field);
        return buffer.getByte(position++) & 0xFF;
    }

    /** @param field what is read. @return a boolean written by {@link SnapshotWriter#putBoolean}. */
    public boolean getBoolean(final String field)
    {
        final int at = position;
        final int value = getByte(field);
        if (value > 1)
        {
            throw new SnapshotFormatException("snapshot byte " + at + ": expected 0 or 1 for " + field + ", found " + value);
        }
        return value == 1;
    }

    /** @param field what is read. @return 4 bytes. */
    public int getInt(final String field)
    {
        need(4, field);
        final int value = buffer.getInt(position, ORDER);
        position += 4;
        return value;
    }

    /** @param field what is read. @return 8 bytes. */
    public long getLong(final String field)
    {
        need(8, field);
        final long value = buffer.getLong(position, ORDER);
        position += 8;
        return value;
    }

    /** @param field what is read. @return a double from its raw bits. */
    public double getDouble(final String field)
    {
        return Double.longBitsToDouble(getLong(field));
    }

    /**
     * Reads a count and checks its range.
     *
     * @param field what is counted.
     * @param min   smallest allowed.
     * @param max   largest allowed.
     * @return the count.
     */
    public int getCount(final String field, final int min, final int max)
    {
        final int at = position;
        final int value = getInt(field);
        if (value < min || value > max)
        {
            throw new SnapshotFormatException("snapshot byte " + at + ": expected " + field + " in [" + min + ", " +
                max + "], found " + value);
        }
        return value;
    }

    /**
     * Checks a value the snapshot must hold (a version, a shard id, a rule identity).
     *
     * @param field    what is checked.
     * @param expected the value this program needs.
     * @param found    the value read.
     */
    public void expect(final String field, final long expected, final long found)
    {
        if (expected != found)
        {
            throw new SnapshotFormatException("snapshot before byte " + position + ": expected " + field + " " +
                expected + ", found " + found);
        }
    }

    /**
     * @param field  what is read.
     * @param target where the bytes go.
     * @param offset first target byte.
     * @param length how many.
     */
    public void getBytes(final String field, final byte[] target, final int offset, final int length)
    {
        need(length, field);
        buffer.getBytes(position, target, offset, length);
        position += length;
    }

    /**
     * @param field  what is read.
     * @param target where the bytes go.
     * @param offset first target byte.
     * @param length how many.
     */
    public void getBytes(final String field, final MutableDirectBuffer target, final int offset, final int length)
    {
        need(length, field);
        target.putBytes(offset, buffer, position, length);
        position += length;
    }

    /**
     * @param field what is read.
     * @param target array to fill, its first {@code count} elements.
     * @param count how many longs.
     */
    public void getLongs(final String field, final long[] target, final int count)
    {
        need(count * 8, field);
        for (int i = 0; i < count; i++)
        {
            target[i] = buffer.getLong(position, ORDER);
            position += 8;
        }
    }

    /** @param field what is read. @return a string written by {@link SnapshotWriter#putString}. */
    public String getString(final String field)
    {
        final int length = getCount(field + " length", 0, remaining());
        final byte[] bytes = new byte[length];
        getBytes(field, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Checks that the whole snapshot was read: trailing bytes mean writer and reader disagree. */
    public void expectEnd()
    {
        if (position != limit)
        {
            throw new SnapshotFormatException("snapshot: expected its end at byte " + position + ", found " +
                (limit - position) + " more byte(s)");
        }
    }
}
