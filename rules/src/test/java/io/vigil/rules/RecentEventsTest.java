package io.vigil.rules;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTest
{
    private final TransactionFlyweight tx =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);

    private TransactionFlyweight event(final String id, final long tsMs)
    {
        return tx.clear().id(id).tsMs(tsMs).card("c").merchant("m").currency("USD").country("US").amountMinor(100);
    }

    @Test
    void shouldKeepReferenceOrderAndCopiesThatOutliveTheSource()
    {
        final RecentEvents recent = new RecentEvents();
        recent.insert(recent.insertionIndex(event("b", 10)), tx, false);
        recent.insert(recent.insertionIndex(event("d", 20)), tx, true);
        assertThat(recent.isAfterAll(event("a", 10))).isFalse();
        recent.insert(recent.insertionIndex(event("a", 10)), tx, false);
        recent.insert(recent.insertionIndex(event("c", 10)), tx, false);
        assertThat(recent.isAfterAll(event("e", 20))).isTrue();

        assertThat(recent.size()).isEqualTo(4);
        final StringBuilder order = new StringBuilder();
        for (int i = 0; i < recent.size(); i++)
        {
            order.append(recent.event(i).id()).append(recent.isAlerted(i) ? "!" : "").append(' ');
        }
        assertThat(order.toString()).isEqualTo("a b c d! ");
        assertThat(recent.indexOf(10, recent.event(2).idHash())).isEqualTo(2);
        assertThat(recent.firstAtOrAfter(11)).isEqualTo(3);
        assertThat(recent.lastAlertBefore(3)).isEqualTo(Long.MIN_VALUE);
        assertThat(recent.lastAlertBefore(4)).isEqualTo(20);
    }

    @Test
    void shouldRememberTheNewestAlertOfDroppedEvents()
    {
        final RecentEvents recent = new RecentEvents();
        recent.insert(0, event("a", 10), true);
        recent.insert(1, event("b", 20), false);
        recent.insert(2, event("c", 30), false);

        recent.evictBefore(25);

        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.hasSettledAlert()).isTrue();
        assertThat(recent.lastAlertBefore(0)).as("from the dropped a").isEqualTo(10);
    }

    @Test
    void shouldDropTheOldestWhenFullAndSayWhereTheNewOneLanded()
    {
        final RecentEvents recent = new RecentEvents();
        for (int i = 0; i < RecentEvents.MAX_CAPACITY; i++)
        {
            recent.insert(recent.size(), event(String.format("e%05d", i), 1_000 + i), false);
        }
        assertThat(recent.insert(0, event("early", 0), false)).as("older than all: not kept").isEqualTo(-1);
        recent.insert(recent.size(), event("last", 100_000), false);
        // e00002 .. e00100 (99 events) come before it once e00001 is dropped too
        assertThat(recent.insert(recent.insertionIndex(event("mid", 1_100)), tx, false)).isEqualTo(99);
        assertThat(recent.event(99).id()).isEqualTo("mid");
        assertThat(recent.size()).isEqualTo(RecentEvents.MAX_CAPACITY);
        assertThat(recent.droppedEvents()).isEqualTo(2);
    }
}
