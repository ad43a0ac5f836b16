package io.vigil.ops.journal;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

/**
 * Passes on only the alerts (and late-event records) of input at or after a point: a journal index, or an
 * event time. Replay rebuilds state from the journal's start (windows need history) and reports from there.
 *
 * @param next        where kept alerts go.
 * @param fromIndex   smallest journal index of a triggering entry kept, or Long.MIN_VALUE.
 * @param fromTimeMs  smallest event time kept, epoch ms, or Long.MIN_VALUE.
 */
public record FromFilterSink(AlertSink next, long fromIndex, long fromTimeMs) implements AlertSink
{
    private boolean keeps(final AlertView alert)
    {
        return alert.journalIndex() >= fromIndex && alert.eventTimeMs() >= fromTimeMs;
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        if (keeps(alert))
        {
            next.onAlert(alert);
        }
    }

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        if (keeps(lateEvent))
        {
            next.onLateEvent(lateEvent);
        }
    }

    @Override
    public void onIdle()
    {
        next.onIdle();
    }

    @Override
    public void close()
    {
        next.close();
    }
}
