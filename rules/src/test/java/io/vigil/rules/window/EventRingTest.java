package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventRingTest
{
    private final TransactionFlyweight tx =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private final EventRing ring = new EventRing();

    @Test
    void shouldAllocateNothingUntilTheFirstEvent()
    {
        assertThat(ring.capacity()).isZero();
        assertThat(ring.isInOrder(event("a", 1))).isTrue();
        ring.insert(0, event("a", 1));
        assertThat(ring.capacity()).isEqualTo(EventRing.INITIAL_CAPACITY);
    }

    @Test
    void shouldKeepReferenceOrderAcrossWrapAndGrowth()
    {
        for (int i = 0; i < 3; i++)
        {
            append("e" + i, 10 + i);
        }
        ring.removeOldest();
        ring.removeOldest();
        for (int i = 3; i < 12; i++)
        {
            append("e" + i, 10 + i);
        }
        ring.insert(ring.insertionIndex(event("e10a", 20)), event("e10a", 20));
        ring.insert(ring.insertionIndex(event("a", 5)), event("a", 5));

        assertThat(ids()).containsExactly("a", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e10a", "e11");
        assertThat(ring.capacity()).isEqualTo(16);
        assertThat(ring.tsMs(0)).isEqualTo(5);
        assertThat(ring.amountMinor(1)).isEqualTo(12 * 100);
    }

    @Test
    void shouldOrderEqualTimesByIdBytesWithAPrefixFirst()
    {
        append("ab", 7);
        assertThat(ring.isInOrder(event("abc", 7))).isTrue();
        assertThat(ring.isInOrder(event("a", 7))).isFalse();
        assertThat(ring.isInOrder(event("ab", 7))).as("equal is not before").isTrue();
        assertThat(ring.compare(event("ab", 6), 0)).isNegative();
        assertThat(ring.compare(event("aa", 8), 0)).isPositive();
        append("abc", 7);
        assertThat(ring.insertionIndex(event("abb", 7))).isEqualTo(1);
        assertThat(ring.insertionIndex(event("a", 7))).isZero();
        assertThat(ring.insertionIndex(event("b", 7))).isEqualTo(2);
    }

    @Test
    void shouldFindTheFirstEventStrictlyAfterATime()
    {
        append("a", 10);
        append("b", 20);
        append("c", 20);
        append("d", 30);
        assertThat(ring.firstAfter(9)).isZero();
        assertThat(ring.firstAfter(10)).isEqualTo(1);
        assertThat(ring.firstAfter(20)).isEqualTo(3);
        assertThat(ring.firstAfter(30)).isEqualTo(4);
    }

    @Test
    void shouldListIdsOldestFirstAndCountTheRest()
    {
        for (int i = 0; i < 6; i++)
        {
            append("id-" + i, i);
        }
        final List<String> json = new ArrayList<>();
        final AlertView view = new AlertView();
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> json.add(
            view.wrap(buffer, offset).json()));
        ring.putIds(alerts.begin(DefaultRules.CARD_VELOCITY_60S, event("x", 9), 0), "ids", "ids_omitted", 1, 6, 3)
            .publish();
        assertThat(json.get(0)).endsWith("\"details\":{\"ids\":[\"id-1\",\"id-2\",\"id-3\"],\"ids_omitted\":2}}");
    }

    private void append(final String id, final long tsMs)
    {
        final TransactionFlyweight e = event(id, tsMs);
        assertThat(ring.isInOrder(e)).isTrue();
        ring.insert(ring.size(), e);
    }

    private TransactionFlyweight event(final String id, final long tsMs)
    {
        return tx.clear().id(id).tsMs(tsMs).card("c1").merchant("m").amountMinor(tsMs * 100).currency("USD")
            .status(TxStatus.APPROVED);
    }

    private List<String> ids()
    {
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++)
        {
            ids.add(ring.idBuffer().getStringWithoutLengthAscii(ring.idOffset(i), ring.idLength(i)));
        }
        return ids;
    }
}
