package io.vigil.ops.journal;

import io.vigil.journal.JournalReader;

import java.io.PrintWriter;
import java.util.ArrayDeque;

/** The {@code journal tail} and {@code journal inspect} views: entries as JSON lines. */
public final class JournalViews
{
    private JournalViews()
    {
    }

    /**
     * Prints up to {@code count} entries from the reader's position, a damaged one as an error line.
     *
     * @return entries printed.
     */
    public static int print(final JournalReader reader, final int count, final boolean detailed, final PrintWriter out)
    {
        final EntryJson json = new EntryJson();
        int printed = 0;
        while (printed < count)
        {
            try
            {
                if (reader.read((index, type, buffer, offset, length) ->
                    out.println(json.describe(index, type, buffer, offset, length, detailed)), 1) == 0)
                {
                    break;
                }
            }
            catch (final IllegalStateException ex)
            {
                out.println("{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(ex.getMessage()) + "}");
                if (!reader.moveToIndex(reader.position() + 1))
                {
                    break;
                }
            }
            printed++;
        }
        out.flush();
        return printed;
    }

    /**
     * Prints the last {@code lines} entries, then, with {@code follow}, new ones as they come (every 200 ms).
     */
    public static void tail(final JournalReader reader, final int lines, final boolean follow, final PrintWriter out)
        throws InterruptedException
    {
        final EntryJson json = new EntryJson();
        final ArrayDeque<String> last = new ArrayDeque<>();
        final long lastIndex = reader.lastIndex();
        // fast path: the last entries are in the last cycle, whose indexes are consecutive
        if (lastIndex >= 0 && lines > 0 && reader.moveToIndex(Math.max(reader.firstIndex(), lastIndex - lines + 1)))
        {
            print(reader, Integer.MAX_VALUE, false, out);
        }
        else if (lines > 0)
        {
            reader.moveToStart();
            while (true)
            {
                try
                {
                    if (reader.read((index, type, buffer, offset, length) ->
                    {
                        last.addLast(json.describe(index, type, buffer, offset, length, false));
                        if (last.size() > lines)
                        {
                            last.removeFirst();
                        }
                    }, 1024) == 0)
                    {
                        break;
                    }
                }
                catch (final IllegalStateException ex)
                {
                    last.addLast("{\"error\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(ex.getMessage()) + "}");
                    if (!reader.moveToIndex(reader.position() + 1))
                    {
                        break;
                    }
                }
            }
            last.forEach(out::println);
            out.flush();
        }
        else
        {
            reader.moveToEnd();
        }
        while (follow && !Thread.currentThread().isInterrupted())
        {
            if (print(reader, 1024, false, out) == 0)
            {
                Thread.sleep(200);
            }
        }
    }
}
