package io.vigil.bench;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.journal.snapshot.CheckpointStore;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checkpoint cost per million keys: one shard runs the default rule pack over {@code cards} cards with
 * {@code eventsPerCard} transactions each (within a day, so no key expires), then the figures of a checkpoint of
 * that state are measured: encoding the snapshot, writing it (temporary file, fsync, rename, manifest), and
 * reading, checking (CRC32C) and restoring it into a fresh program, as recovery does.
 * <p>
 * Run: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.CheckpointFigures [cards] [eventsPerCard] [dir]}
 * (with the JVM flags of {@code ops/target/launcher/jvm.flags}). Not a JMH benchmark: each step runs three times
 * and every run is printed.
 */
public final class CheckpointFigures
{
    private CheckpointFigures()
    {
    }

    /**
     * @param args cards (default 1,000,000), events per card (default 3), a scratch directory (default a temp dir).
     */
    public static void main(final String[] args) throws Exception
    {
        final int cards = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int eventsPerCard = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("vigil-checkpoint-figures");
        final RuleSet rules = RuleSet.defaultPack();
        final ShardProgram program = rules.factory().create(0, 1);
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> { });
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
        final SplittableRandom random = new SplittableRandom(17);
        final long t0 = 1_767_571_200_000L;
        long index = 0;
        final long feedStart = System.nanoTime();
        for (int round = 0; round < eventsPerCard; round++)
        {
            for (int card = 0; card < cards; card++)
            {
                final long tsMs = t0 + round * 3_600_000L + (long)card * 3_000L / Math.max(1, cards / 1000);
                tx.clear().id("tx-" + round + "-" + card).tsMs(tsMs).card("card-" + card).account("acct-" + card)
                    .merchant("m-" + random.nextInt(5_000)).mcc(5411).amountMinor(100 + random.nextInt(20_000))
                    .currency("EUR").country("DE").channel(Channel.POS).location(52.5, 13.4)
                    .device("dev-" + card).ip("10.0." + (card >> 8 & 255) + "." + (card & 255))
                    .status(random.nextInt(10) == 0 ? TxStatus.DECLINED : TxStatus.APPROVED);
                alerts.onEvent(index, 0);
                program.onTransaction(tx, index++, alerts);
            }
        }
        final long keys = ((RuleProgram)program).liveKeyCount();
        System.out.printf(Locale.ROOT, "state        %,d transactions fed in %.1f s; %,d live keys (cards, merchants, "
            + "devices, IPs), default pack (%d rules)%n", index, (System.nanoTime() - feedStart) / 1e9, keys,
            rules.rules().size());
        final Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(Locale.ROOT, "heap         %,d MB used after GC%n", (rt.totalMemory() - rt.freeMemory()) >> 20);

        final CheckpointStore store = new CheckpointStore(dir, 1);
        final SnapshotWriter writer = new SnapshotWriter(64 << 20);
        for (int run = 1; run <= 3; run++)
        {
            final long encodeStart = System.nanoTime();
            writer.reset();
            program.writeSnapshot(writer);
            final long encodeNs = System.nanoTime() - encodeStart;
            final long id = store.nextCheckpointId();
            final long writeStart = System.nanoTime();
            store.onShardSnapshot(id, index, 0, 1, null, writer.buffer(), 0, writer.length());
            store.onBarrierPassed(id, index, 1);
            store.awaitWrites();
            final long writeNs = System.nanoTime() - writeStart;

            final Path cp = store.listNewestFirst().get(0);
            final long loadStart = System.nanoTime();
            final CheckpointStore.LoadedCheckpoint loaded = CheckpointStore.load(cp);
            final long loadNs = System.nanoTime() - loadStart;
            final ShardProgram fresh = rules.factory().create(0, 1);
            final long restoreStart = System.nanoTime();
            fresh.restoreSnapshot(loaded.shards()[0].reader());
            final long restoreNs = System.nanoTime() - restoreStart;
            if (((RuleProgram)fresh).liveKeyCount() != keys)
            {
                throw new IllegalStateException("restored " + ((RuleProgram)fresh).liveKeyCount() + " keys of " + keys);
            }
            final double perMillion = 1e6 / keys;
            System.out.printf(Locale.ROOT, "run %d        snapshot %,d bytes (%,.0f MB per million keys, %.0f bytes/key); "
                    + "encode %,d ms, write+fsync+rename %,d ms, read+CRC %,d ms, restore %,d ms; per million keys: "
                    + "checkpoint %,.0f ms, recovery load %,.0f ms%n",
                run, writer.length(), writer.length() * perMillion / 1e6, (double)writer.length() / keys,
                encodeNs / 1_000_000, writeNs / 1_000_000, loadNs / 1_000_000, restoreNs / 1_000_000,
                (encodeNs + writeNs) / 1e6 * perMillion, (loadNs + restoreNs) / 1e6 * perMillion);
        }
        store.close();
    }
}
