package io.vigil.bench.peer;

/**
 * The peer's keys and conditions, as static methods (Flink serialises method references cleanly), with the
 * thresholds of Vigil's default pack.
 */
final class PeerFunctions
{
    private PeerFunctions()
    {
    }

    static String card(final PeerTx tx)
    {
        return tx.card;
    }

    static String ruleAndCard(final PeerAlert alert)
    {
        return alert.rule + "|" + alert.card;
    }

    static boolean approved(final PeerTx tx)
    {
        return tx.approved;
    }

    static boolean probe(final PeerTx tx)
    {
        return tx.amount < 2.00;
    }

    static boolean hit(final PeerTx tx)
    {
        return tx.amount >= 500.00;
    }
}
