package io.vigil.ops.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The fence that keeps one writer per partition directory: an exclusive OS file lock on
 * {@code <topic>-<partition>/owner.lock}, held while a node's engine has the partition open. A new owner that
 * finds it held (the previous owner still draining, or a stalled process the group already gave up on) waits
 * for it rather than append to a journal someone else is appending to. The operating system releases it when
 * the holder dies, so a killed node never blocks its successor. The file names the holder, for operators.
 * <p>
 * The shared storage must honour these locks across machines (NFSv4, CephFS and most cluster file systems do;
 * see docs/kafka.md).
 * <p>
 * Thread contract: acquired and closed on one thread.
 */
final class PartitionLock implements AutoCloseable
{
    static final String FILE = "owner.lock";
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private PartitionLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir    the partition's directory.
     * @param owner  who takes it (written into the file).
     * @param waitNs longest wait for a holder to let go.
     * @return the held lock.
     * @throws IOException if the file cannot be opened, or the lock is still held after {@code waitNs}.
     */
    static PartitionLock acquire(final Path dir, final String owner, final long waitNs) throws IOException
    {
        final Path file = dir.resolve(FILE);
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try
        {
            final long startNs = System.nanoTime();
            long nextLogNs = startNs + TimeUnit.SECONDS.toNanos(5);
            while (true)
            {
                FileLock lock = null;
                try
                {
                    lock = channel.tryLock();
                }
                catch (final OverlappingFileLockException heldInThisProcess)
                {
                    // another engine of this very process holds it (two nodes in one test JVM): wait as for any
                }
                if (lock != null)
                {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((owner + " since " + Instant.now() + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
                    return new PartitionLock(channel, lock);
                }
                final long now = System.nanoTime();
                if (now - startNs > waitNs)
                {
                    throw new IOException(file + ": still held after " + TimeUnit.NANOSECONDS.toSeconds(waitNs) +
                        " s (kafka.source.lock-wait) by " + holder(channel));
                }
                if (now > nextLogNs)
                {
                    LOG.warn("event=partition_lock_waiting file={} holder=\"{}\"", file, holder(channel));
                    nextLogNs = now + TimeUnit.SECONDS.toNanos(5);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    private static String holder(final FileChannel channel)
    {
        try
        {
            final ByteBuffer buffer = ByteBuffer.allocate(256);
            final int n = channel.read(buffer, 0);
            return n <= 0 ? "unknown" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    /** Releases the lock. */
    @Override
    public void close()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("event=partition_lock_release_failed error={}", ex.toString());
        }
    }
}
