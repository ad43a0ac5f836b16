package io.vigil.rules;

/**
 * Everything one shard remembers about one key of one key type: the state of every rule on that key type,
 * the time of the key's newest event, and links in its group's recency list (oldest touched first), which is
 * how idle keys are found without scanning the map.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class KeyState
{
    final RuleState[] ruleStates;
    final org.agrona.concurrent.UnsafeBuffer keyBuffer = new org.agrona.concurrent.UnsafeBuffer(new byte[48]);
    int keyLength;
    long keyHash;
    long newestTsMs;
    KeyState older;
    KeyState newer;

    KeyState(final RuleState[] ruleStates)
    {
        this.ruleStates = ruleStates;
    }

    void reset()
    {
        for (final RuleState ruleState : ruleStates)
        {
            ruleState.reset();
        }
        keyHash = 0;
        keyLength = 0;
        newestTsMs = Long.MIN_VALUE;
        older = null;
        newer = null;
    }
}
