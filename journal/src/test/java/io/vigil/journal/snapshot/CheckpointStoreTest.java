package io.vigil.journal.snapshot;

import io.vigil.core.snapshot.SnapshotFormatException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checkpoint store: a checkpoint counts only once every shard wrote and the barrier passed; a failed shard
 * leaves it incomplete; the newest N are kept and the oldest kept one's index is reported; ids continue after
 * a restart; every damaged file is refused with its name and what is wrong.
 */
class CheckpointStoreTest
{
    @TempDir
    Path dir;

    private static UnsafeBuffer body(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(final CheckpointStore store, final long id, final long index, final int shards)
    {
        for (int s = 0; s < shards; s++)
        {
            final UnsafeBuffer body = body("state of shard " + s + " at " + index);
            store.onShardSnapshot(id, index, s, shards, "rules: []".getBytes(StandardCharsets.UTF_8), body, 0,
                body.capacity());
        }
        store.onBarrierPassed(id, index, shards);
        store.awaitWrites();
    }

    @Test
    void shouldCompleteKeepNewestAndReportTheOldestKeptIndex() throws Exception
    {
        final CheckpointStore store = new CheckpointStore(dir, 2);
        final List<Long> oldest = new ArrayList<>();
        store.onOldestKeptIndex(oldest::add);
        for (int i = 0; i < 4; i++)
        {
            write(store, store.nextCheckpointId(), 100 + i, 2);
        }
        assertThat(store.listNewestFirst()).extracting(p -> p.getFileName().toString())
            .containsExactly("checkpoint-0000000000000004", "checkpoint-0000000000000003");
        assertThat(oldest).containsExactly(100L, 100L, 101L, 102L);
        final CheckpointStore.LoadedCheckpoint loaded = CheckpointStore.load(store.listNewestFirst().get(0));
        assertThat(loaded.manifest().journalIndex()).isEqualTo(103);
        assertThat(loaded.shards()).hasSize(2);
        assertThat(new String(loaded.rules(), StandardCharsets.UTF_8)).isEqualTo("rules: []");
        final byte[] shard1 = new byte[loaded.shards()[1].body().capacity()];
        loaded.shards()[1].body().getBytes(0, shard1);
        assertThat(new String(shard1, StandardCharsets.UTF_8)).isEqualTo("state of shard 1 at 103");
        assertThat(store.completedCount()).isEqualTo(4);

        assertThat(new CheckpointStore(dir, 2).nextCheckpointId()).as("ids continue after a restart").isEqualTo(5);
    }

    @Test
    void shouldLeaveACheckpointIncompleteWhenAShardFailsOrIsMissing() throws Exception
    {
        final CheckpointStore store = new CheckpointStore(dir, 3);
        final UnsafeBuffer body = body("x");
        store.onShardSnapshot(1, 10, 0, 2, null, body, 0, 1);
        store.onShardSnapshotFailed(1, 1, new UnsupportedOperationException("no snapshots"));
        store.onBarrierPassed(1, 10, 2);
        store.onShardSnapshot(2, 20, 0, 2, null, body, 0, 1);
        store.onBarrierPassed(2, 20, 2);
        store.awaitWrites();
        assertThat(store.completedCount()).isZero();
        assertThat(store.failedCount()).isEqualTo(2);
        for (final Path cp : store.listNewestFirst())
        {
            assertThatThrownBy(() -> CheckpointStore.load(cp)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("incomplete: no MANIFEST");
        }
    }

    @Test
    void shouldRefuseDamagedFilesNamingThem() throws Exception
    {
        final CheckpointStore store = new CheckpointStore(dir, 3);
        write(store, store.nextCheckpointId(), 7, 1);
        final Path cp = store.listNewestFirst().get(0);
        final Path shard = cp.resolve("shard-0.snap");
        final byte[] good = Files.readAllBytes(shard);

        final byte[] flipped = good.clone();
        flipped[SnapshotFileDescriptor.BODY_OFFSET + 2] ^= 1;
        Files.write(shard, flipped);
        assertThatThrownBy(() -> CheckpointStore.load(cp)).hasMessageContaining("shard-0.snap")
            .hasMessageContaining("checksum mismatch");

        Files.write(shard, java.util.Arrays.copyOf(good, good.length - 3));
        assertThatThrownBy(() -> CheckpointStore.load(cp)).hasMessageContaining("truncated");

        Files.write(shard, good);
        final Path manifest = cp.resolve(CheckpointManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("journal_index=7", "journal_index=8"));
        assertThatThrownBy(() -> CheckpointStore.load(cp)).hasMessageContaining("MANIFEST")
            .hasMessageContaining("checksum mismatch");
    }
}
