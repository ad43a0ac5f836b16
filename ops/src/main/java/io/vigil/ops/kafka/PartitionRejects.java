package io.vigil.ops.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The records of one partition that could not be taken (not JSON, a field missing or wrong, an empty value), as
 * JSON Lines in the partition's directory ({@code <topic>-<partition>/rejects.jsonl}): topic, partition, offset,
 * the error, the record's key and the start of its value, the time it was refused. Nothing is dropped without a
 * line here. The file moves with the partition (shared storage), and its last offset counts as processed: a new
 * owner resumes after {@code max(last journaled offset, last rejected offset)}, so a refused record is neither
 * taken nor recorded twice.
 * <p>
 * Thread contract: the Kafka source's consumer thread.
 */
final class PartitionRejects implements AutoCloseable
{
    static final String FILE = "rejects.jsonl";
    /** The refused records of the reference topics, as this partition's engine read them. */
    static final String REFERENCE_FILE = "reference-rejects.jsonl";
    private static final int VALUE_EXCERPT_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final OutputStream out;
    private long lastOffset;

    private PartitionRejects(final Path file, final OutputStream out, final long lastOffset)
    {
        this.file = file;
        this.out = out;
        this.lastOffset = lastOffset;
    }

    /**
     * @param partitionDir the partition's directory.
     * @return the partition's rejects, open for appending.
     * @throws IOException if the file cannot be read or opened.
     */
    static PartitionRejects open(final Path partitionDir) throws IOException
    {
        return open(partitionDir, FILE);
    }

    /**
     * @param partitionDir the partition's directory.
     * @param fileName     {@link #FILE} or {@link #REFERENCE_FILE}.
     * @return the file, open for appending.
     * @throws IOException if the file cannot be read or opened.
     */
    static PartitionRejects open(final Path partitionDir, final String fileName) throws IOException
    {
        final Path file = partitionDir.resolve(fileName);
        final long last = Files.exists(file) ? lastOffsetIn(file) : SourcePositionTail.NONE;
        return new PartitionRejects(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND), last);
    }

    /**
     * Reads a whole rejects file (the reference one: refused records are rare) for the last refused offset of
     * each topic partition; a line cut short by a crash is passed.
     *
     * @param file a rejects file (it may not exist).
     * @return per {@link SourcePositionTail#referenceKey} of the line's topic and partition, its last offset.
     * @throws IOException if the file cannot be read.
     */
    static java.util.Map<Long, Long> lastOffsetsByPartition(final Path file) throws IOException
    {
        final java.util.Map<Long, Long> last = new java.util.HashMap<>();
        if (!Files.exists(file))
        {
            return last;
        }
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            try
            {
                final com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(line);
                final long key = SourcePositionTail.referenceKey(ReferenceFeed.topicId(node.get("topic").asText()),
                    node.get("partition").asInt());
                last.merge(key, node.get("offset").asLong(), Math::max);
            }
            catch (final IOException | RuntimeException cutShort)
            {
                // a line cut short by a crash (the record is read again and refused again)
            }
        }
        return last;
    }

    private static long lastOffsetIn(final Path file) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final long length = raf.length();
            final int window = (int)Math.min(length, 64 * 1024);
            final byte[] tail = new byte[window];
            raf.seek(length - window);
            raf.readFully(tail);
            final String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--)
            {
                try
                {
                    return JSON.readTree(lines[i]).get("offset").asLong();
                }
                catch (final IOException | RuntimeException cutShort)
                {
                    // a line cut short by a crash, or the window's first, partial line: try the one before
                }
            }
        }
        return SourcePositionTail.NONE;
    }

    /**
     * Records one refused record, written through to the file before returning.
     *
     * @param topic     its topic.
     * @param partition its partition.
     * @param offset    its offset.
     * @param key       its key as text, or null.
     * @param value     its value as text, or null.
     * @param error     why it was refused, naming the field when there is one.
     * @throws IOException if the line cannot be written.
     */
    void record(final String topic, final int partition, final long offset, final String key, final String value,
        final String error) throws IOException
    {
        final ObjectNode line = JSON.createObjectNode();
        line.put("topic", topic);
        line.put("partition", partition);
        line.put("offset", offset);
        line.put("error", error);
        line.put("key", key);
        line.put("value", value == null ? null :
            value.length() <= VALUE_EXCERPT_CHARS ? value : value.substring(0, VALUE_EXCERPT_CHARS) + "…");
        line.put("refused_at", Instant.now().toString());
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
        lastOffset = offset;
    }

    /** @return the offset of the last refused record, or {@link SourcePositionTail#NONE}. */
    long lastOffset()
    {
        return lastOffset;
    }

    /** @return the file. */
    Path file()
    {
        return file;
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
