package io.vigil.core.util;

import org.agrona.DirectBuffer;

/**
 * 64-bit hashing of short byte strings (keys, ids): FNV-1a over the bytes, finished with the
 * MurmurHash3 64-bit mixer so that nearby keys spread over all bits (routing takes the low bits).
 * Stable across runs and JVMs: hashes are part of journaled events and snapshots.
 */
public final class Hashing
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing()
    {
    }

    /**
     * @param buffer holding the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the hash; never 0, which is reserved for "no key".
     */
    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return 0;
        }
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++)
        {
            h ^= buffer.getByte(offset + i) & 0xFF;
            h *= FNV_PRIME;
        }
        final long m = mix(h);
        return m == 0 ? 1 : m;
    }

    /**
     * @param s ASCII or Latin-1 text; other chars are hashed as their UTF-16 low byte pair.
     * @return the same hash {@link #hash(DirectBuffer, int, int)} gives for the string's UTF-8 bytes
     * when it is ASCII.
     */
    public static long hash(final CharSequence s)
    {
        final int length = s.length();
        if (length == 0)
        {
            return 0;
        }
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++)
        {
            h ^= s.charAt(i) & 0xFF;
            h *= FNV_PRIME;
        }
        final long m = mix(h);
        return m == 0 ? 1 : m;
    }

    /**
     * MurmurHash3 fmix64 finaliser.
     *
     * @param value to mix.
     * @return mixed value.
     */
    public static long mix(final long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /**
     * Chooses the shard that owns a key.
     *
     * @param keyHash    hash of the key.
     * @param shardCount number of shards.
     * @return the shard index in [0, shardCount).
     */
    public static int shardOf(final long keyHash, final int shardCount)
    {
        return (int)Long.remainderUnsigned(mix(keyHash ^ 0x9E3779B97F4A7C15L), shardCount);
    }
}
