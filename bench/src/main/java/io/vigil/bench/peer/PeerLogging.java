package io.vigil.bench.peer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Turns the peer's start-up chatter (Flink, its RPC system) down to errors, so reports stay readable. */
public final class PeerLogging
{
    private PeerLogging()
    {
    }

    /** Sets {@code org.apache.flink} and {@code org.apache.pekko} to ERROR. */
    public static void quiet()
    {
        for (final String name : new String[] {"org.apache.flink", "org.apache.pekko", "org.apache.flink.shaded"})
        {
            if (LoggerFactory.getLogger(name) instanceof Logger)
            {
                ((Logger)LoggerFactory.getLogger(name)).setLevel(Level.ERROR);
            }
        }
    }
}
