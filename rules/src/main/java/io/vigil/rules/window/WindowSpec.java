package io.vigil.rules.window;

import java.util.Objects;

/**
 * The shape of a {@link WindowRule}'s windows, validated at construction. Unused lengths are 0; a tumbling
 * window's advance is its size (0 is read as the size).
 *
 * @param type      the window type.
 * @param sizeMs    length of a sliding, tumbling or hopping window, ms, > 0; 0 for sessions.
 * @param advanceMs how far consecutive hopping windows start apart, ms: divides {@code sizeMs}, with at most
 *                  {@link #MAX_WINDOWS_PER_EVENT} windows per event; equals {@code sizeMs} for tumbling; 0
 *                  otherwise.
 * @param gapMs     session gap, ms, > 0: events less than this apart are in one session; 0 otherwise.
 */
public record WindowSpec(WindowType type, long sizeMs, long advanceMs, long gapMs)
{
    /** Most hopping windows one event belongs to ({@code size / advance}). */
    public static final int MAX_WINDOWS_PER_EVENT = 64;

    /** Longest length accepted, ms (about 100 years), so that time arithmetic cannot overflow. */
    public static final long MAX_LENGTH_MS = 100L * 366 * 24 * 3_600_000;

    /**
     * Checks the lengths against the type.
     */
    public WindowSpec
    {
        Objects.requireNonNull(type, "window type");
        final String found = " (found size " + sizeMs + " ms, advance " + advanceMs + " ms, gap " + gapMs + " ms)";
        if (type == WindowType.TUMBLING && advanceMs == 0)
        {
            advanceMs = sizeMs;
        }
        switch (type)
        {
            case SLIDING:
                check(sizeMs > 0 && advanceMs == 0 && gapMs == 0,
                    "sliding: expected size > 0, no advance, no gap", found);
                break;
            case TUMBLING:
                check(sizeMs > 0 && advanceMs == sizeMs && gapMs == 0,
                    "tumbling: expected size > 0, advance = size, no gap", found);
                break;
            case HOPPING:
                check(sizeMs > 0 && advanceMs > 0 && advanceMs <= sizeMs && gapMs == 0,
                    "hopping: expected 0 < advance <= size, no gap", found);
                check(sizeMs % advanceMs == 0, "hopping: expected the size to be a multiple of the advance", found);
                check(sizeMs / advanceMs <= MAX_WINDOWS_PER_EVENT,
                    "hopping: expected size / advance <= " + MAX_WINDOWS_PER_EVENT, found);
                break;
            default:
                check(gapMs > 0 && sizeMs == 0 && advanceMs == 0,
                    "session: expected gap > 0, no size, no advance", found);
                break;
        }
        check(sizeMs <= MAX_LENGTH_MS && gapMs <= MAX_LENGTH_MS, "expected lengths <= " + MAX_LENGTH_MS + " ms", found);
    }

    /**
     * @param sizeMs window length, ms.
     * @return a per-event sliding window.
     */
    public static WindowSpec sliding(final long sizeMs)
    {
        return new WindowSpec(WindowType.SLIDING, sizeMs, 0, 0);
    }

    /**
     * @param sizeMs window length, ms.
     * @return epoch-aligned tumbling windows.
     */
    public static WindowSpec tumbling(final long sizeMs)
    {
        return new WindowSpec(WindowType.TUMBLING, sizeMs, sizeMs, 0);
    }

    /**
     * @param sizeMs    window length, ms.
     * @param advanceMs distance between window starts, ms.
     * @return epoch-aligned hopping windows.
     */
    public static WindowSpec hopping(final long sizeMs, final long advanceMs)
    {
        return new WindowSpec(WindowType.HOPPING, sizeMs, advanceMs, 0);
    }

    /**
     * @param gapMs session gap, ms.
     * @return session windows.
     */
    public static WindowSpec session(final long gapMs)
    {
        return new WindowSpec(WindowType.SESSION, 0, 0, gapMs);
    }

    /**
     * @return how far a window can end after the newest event it holds, ms: the size, or the gap of a session.
     */
    public long extentMs()
    {
        return type == WindowType.SESSION ? gapMs : sizeMs;
    }

    /** @return how many windows one event belongs to: {@code size / advance} for hopping, else 1. */
    public int windowsPerEvent()
    {
        return type == WindowType.HOPPING ? (int)(sizeMs / advanceMs) : 1;
    }

    @Override
    public String toString()
    {
        switch (type)
        {
            case SLIDING:
                return "sliding " + sizeMs + " ms";
            case TUMBLING:
                return "tumbling " + sizeMs + " ms";
            case HOPPING:
                return "hopping " + sizeMs + " ms every " + advanceMs + " ms";
            default:
                return "session gap " + gapMs + " ms";
        }
    }

    private static void check(final boolean valid, final String expectation, final String found)
    {
        if (!valid)
        {
            throw new IllegalArgumentException("window: " + expectation + found);
        }
    }
}
