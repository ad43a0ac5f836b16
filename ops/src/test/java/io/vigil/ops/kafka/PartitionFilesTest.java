package io.vigil.ops.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The files a partition keeps beside its journal: the owner's lock and the rejects. */
class PartitionFilesTest
{
    @TempDir
    Path dir;

    @Test
    void secondOwnerShouldWaitForTheLockAndGiveUpNamingTheHolder() throws Exception
    {
        try (PartitionLock first = PartitionLock.acquire(dir, "node-a", 0))
        {
            assertThat(first).isNotNull();
            assertThat(Files.readString(dir.resolve(PartitionLock.FILE))).startsWith("node-a since ");
            assertThatThrownBy(() -> PartitionLock.acquire(dir, "node-b", TimeUnit.MILLISECONDS.toNanos(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("still held").hasMessageContaining("node-a")
                .hasMessageContaining("lock-wait");
        }
        try (PartitionLock second = PartitionLock.acquire(dir, "node-b", 0))
        {
            assertThat(second).isNotNull();
            assertThat(Files.readString(dir.resolve(PartitionLock.FILE))).as("released: the next owner takes it")
                .startsWith("node-b since ");
        }
    }

    @Test
    void rejectsShouldRememberTheLastRefusedOffsetAcrossReopening() throws Exception
    {
        try (PartitionRejects rejects = PartitionRejects.open(dir))
        {
            assertThat(rejects.lastOffset()).isEqualTo(SourcePositionTail.NONE);
            rejects.record("tx", 3, 41, "card-1", "{\"id\":", "malformed JSON");
            rejects.record("tx", 3, 97, null, null, "an empty record");
            assertThat(rejects.lastOffset()).isEqualTo(97);
        }
        // a crash cut the last line short: the offset of the last whole line counts
        Files.writeString(dir.resolve(PartitionRejects.FILE), "{\"topic\":\"tx\",\"partition\":3,\"off",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try (PartitionRejects rejects = PartitionRejects.open(dir))
        {
            assertThat(rejects.lastOffset()).isEqualTo(97);
        }
        assertThat(Files.readAllLines(dir.resolve(PartitionRejects.FILE)).get(0))
            .contains("\"partition\":3").contains("\"offset\":41").contains("\"error\":\"malformed JSON\"")
            .contains("\"key\":\"card-1\"");
    }

    @Test
    void tailShouldFindNothingInAMissingJournal()
    {
        assertThat(SourcePositionTail.lastOffset(dir.resolve("journal"), 0)).isEqualTo(SourcePositionTail.NONE);
    }
}
