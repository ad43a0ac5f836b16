package io.vigil.ops.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads alert files written across crashes: alerts by id, checking that one id always carries one content. */
final class AlertFiles
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertFiles()
    {
    }

    /**
     * @param file alerts, JSON Lines; a last line cut short by a kill is ignored.
     * @return each alert's JSON by alert id.
     */
    static Map<String, String> byId(final Path file) throws IOException
    {
        final Map<String, String> byId = new TreeMap<>();
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            if (line.isEmpty())
            {
                continue;
            }
            final JsonNode node;
            try
            {
                node = MAPPER.readTree(line);
            }
            catch (final IOException ex)
            {
                // only the very last line may be cut short (the process was killed while writing it)
                assertThat(i).as("unparseable line %d of %s: %s", i + 1, file, line).isEqualTo(lines.length - 1);
                continue;
            }
            final String id = node.get("alert_id").asText();
            final String previous = byId.putIfAbsent(id, line);
            if (previous != null)
            {
                assertThat(line).as("alert %s emitted twice with different content", id).isEqualTo(previous);
            }
        }
        return byId;
    }

    /** @return lines of the file that parse, duplicates included. */
    static long lineCount(final Path file) throws IOException
    {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("{") && l.endsWith("}"))
            .count();
    }
}
