package io.vigil.core.event;

import io.vigil.core.util.Hashing;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionFlyweightTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH * 2]);
    private final TransactionFlyweight tx = new TransactionFlyweight();

    @Test
    void shouldRoundTripEveryField()
    {
        tx.wrap(buffer, TransactionDescriptor.ENCODED_LENGTH).clear()
            .id("tx-0001").tsMs(1_767_571_200_123L).card("card-42").account("acc-7").merchant("m-9")
            .mcc(5411).amountMinor(1234).currency("EUR").country("DE").location(52.52, 13.405)
            .channel(Channel.ECOM).device("dev-1").ip("2001:db8::1").status(TxStatus.DECLINED);

        final TransactionFlyweight read = new TransactionFlyweight().wrap(buffer, TransactionDescriptor.ENCODED_LENGTH);
        assertThat(read.id()).isEqualTo("tx-0001");
        assertThat(read.tsMs()).isEqualTo(1_767_571_200_123L);
        assertThat(read.card()).isEqualTo("card-42");
        assertThat(read.account()).isEqualTo("acc-7");
        assertThat(read.merchant()).isEqualTo("m-9");
        assertThat(read.mcc()).isEqualTo(5411);
        assertThat(read.amountMinor()).isEqualTo(1234);
        assertThat(read.currency()).isEqualTo("EUR");
        assertThat(read.currencyExponent()).isEqualTo(2);
        assertThat(read.country()).isEqualTo("DE");
        assertThat(read.hasLocation()).isTrue();
        assertThat(read.lat()).isEqualTo(52.52);
        assertThat(read.lon()).isEqualTo(13.405);
        assertThat(read.channel()).isEqualTo(Channel.ECOM);
        assertThat(read.device()).isEqualTo("dev-1");
        assertThat(read.ip()).isEqualTo("2001:db8::1");
        assertThat(read.status()).isEqualTo(TxStatus.DECLINED);
        assertThat(read.isApproved()).isFalse();
        assertThat(read.keyHash(KeyType.CARD)).isEqualTo(Hashing.hash("card-42"));
        assertThat(read.idHash()).isEqualTo(Hashing.hash("tx-0001"));
    }

    @Test
    void shouldLeaveOptionalFieldsAbsentAfterClear()
    {
        tx.wrap(buffer, 0).clear().id("a").card("c").merchant("m");

        assertThat(tx.hasLocation()).isFalse();
        assertThat(Double.isNaN(tx.lat())).isTrue();
        assertThat(tx.ip()).isEmpty();
        assertThat(tx.keyHash(KeyType.IP)).isZero();
        assertThat(tx.keyHash(KeyType.CARD)).isNotZero();
    }

    @Test
    void shouldEncodeIdenticalBytesWhenASlotIsReusedWithShorterValues()
    {
        final UnsafeBuffer fresh = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        tx.wrap(buffer, 0).clear().id("a-much-longer-identifier").card("card-with-long-name").merchant("m");
        tx.id("x").card("c");
        new TransactionFlyweight().wrap(fresh, 0).clear().id("x").card("c").merchant("m");

        final UnsafeBuffer used = new UnsafeBuffer(buffer, 0, TransactionDescriptor.ENCODED_LENGTH);
        assertThat(used.compareTo(fresh)).isZero();
    }

    @Test
    void shouldNameTheFieldWhenAValueIsInvalid()
    {
        tx.wrap(buffer, 0).clear();

        assertThatThrownBy(() -> tx.card("")).hasMessageStartingWith("card: must not be empty");
        assertThatThrownBy(() -> tx.id("x".repeat(48))).hasMessageStartingWith("id: at most 47 characters");
        assertThatThrownBy(() -> tx.merchant("caf\u00e9")).hasMessageStartingWith("merchant: only printable ASCII");
        assertThatThrownBy(() -> tx.currency("eur")).hasMessageStartingWith("currency: expected a 3-letter");
        assertThatThrownBy(() -> tx.country("DEU")).hasMessageStartingWith("country: expected a 2-letter");
        assertThatThrownBy(() -> tx.amountMinor(-1)).hasMessageStartingWith("amount: must not be negative");
        assertThatThrownBy(() -> tx.location(91, 0)).hasMessageStartingWith("lat:");
        assertThatThrownBy(() -> tx.location(0, 181)).hasMessageStartingWith("lon:");
        assertThatThrownBy(() -> tx.mcc(10_000)).hasMessageStartingWith("mcc:");
    }

    @Test
    void shouldCompareIdsBytewise()
    {
        final UnsafeBuffer other = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        final TransactionFlyweight b = new TransactionFlyweight().wrap(other, 0).clear();
        tx.wrap(buffer, 0).clear();

        tx.id("tx-10");
        b.id("tx-9");
        assertThat(tx.compareId(b)).isNegative();
        b.id("tx-10");
        assertThat(tx.compareId(b)).isZero();
        b.id("tx-1");
        assertThat(tx.compareId(b)).isPositive();
    }
}
