package io.vigil.ops.generate;

import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratedTransactionTest
{
    private final TransactionFlyweight flyweight =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[2 * TransactionDescriptor.ENCODED_LENGTH]), 0);

    @Test
    void shouldEncodeEveryFieldIntoTheFlyweight()
    {
        final GeneratedTransaction tx = new GeneratedTransaction("tx-0000000042", 1_767_571_200_123L,
            "card-00000001", "acct-00000001", "m-0000007", 5732, 1_280, "JPY", "JP", Double.NaN, Double.NaN,
            Channel.ECOM, "dev-0123456789abcdef", "126.1.2.3", TxStatus.DECLINED);
        tx.encodeTo(flyweight);
        assertThat(flyweight.id()).isEqualTo("tx-0000000042");
        assertThat(flyweight.tsMs()).isEqualTo(1_767_571_200_123L);
        assertThat(flyweight.card()).isEqualTo("card-00000001");
        assertThat(flyweight.account()).isEqualTo("acct-00000001");
        assertThat(flyweight.merchant()).isEqualTo("m-0000007");
        assertThat(flyweight.mcc()).isEqualTo(5732);
        assertThat(flyweight.amountMinor()).isEqualTo(1_280);
        assertThat(flyweight.currency()).isEqualTo("JPY");
        assertThat(flyweight.currencyExponent()).isZero();
        assertThat(flyweight.country()).isEqualTo("JP");
        assertThat(flyweight.hasLocation()).isFalse();
        assertThat(flyweight.channel()).isEqualTo(Channel.ECOM);
        assertThat(flyweight.device()).isEqualTo("dev-0123456789abcdef");
        assertThat(flyweight.ip()).isEqualTo("126.1.2.3");
        assertThat(flyweight.status()).isEqualTo(TxStatus.DECLINED);
        assertThat(flyweight.keyHash(KeyType.DEVICE)).isNotZero();
    }

    @Test
    void shouldClearWhatAPreviousEventLeftInTheSlot()
    {
        new GeneratedTransaction("tx-1", 1, "card-1", "acct-1", "m-1", 5411, 100, "EUR", "FR", 48.85, 2.35,
            Channel.ECOM, "dev-1", "1.2.3.4", TxStatus.APPROVED).encodeTo(flyweight);
        new GeneratedTransaction("tx-2", 2, "card-2", "", "m-2", 5411, 200, "EUR", "FR", 48.85, 2.35,
            Channel.POS, "", "", TxStatus.APPROVED).encodeTo(flyweight);
        assertThat(flyweight.hasLocation()).isTrue();
        assertThat(flyweight.lat()).isEqualTo(48.85);
        assertThat(flyweight.lon()).isEqualTo(2.35);
        assertThat(flyweight.device()).isEmpty();
        assertThat(flyweight.ip()).isEmpty();
        assertThat(flyweight.account()).isEmpty();
        assertThat(flyweight.keyHash(KeyType.DEVICE)).isZero();
    }

    @Test
    void shouldEncodeEveryGeneratedTransaction()
    {
        for (final GeneratedTransaction tx : GeneratedRun.of(GeneratedRun.DEFAULT).transactions.subList(0, 20_000))
        {
            tx.encodeTo(flyweight);
            assertThat(flyweight.amountMinor()).isEqualTo(tx.amountMinor());
            assertThat(flyweight.card()).isEqualTo(tx.card());
        }
    }

    @Test
    void shouldRejectANegativeAmount()
    {
        assertThatThrownBy(() -> new GeneratedTransaction("tx-1", 1, "card-1", "", "m-1", 5411, -1, "EUR", "FR",
            Double.NaN, Double.NaN, Channel.POS, "", "", TxStatus.APPROVED))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amountMinor");
    }

    @Test
    void shouldFormatTheAmountWithTheCurrencysDecimals()
    {
        final GeneratedTransaction eur = new GeneratedTransaction("tx-1", 1, "card-1", "", "m-1", 5411, 1_230,
            "EUR", "FR", Double.NaN, Double.NaN, Channel.POS, "", "", TxStatus.APPROVED);
        assertThat(eur.amountText()).isEqualTo("12.30");
        assertThat(eur.withId("tx-9").id()).isEqualTo("tx-9");
        assertThat(eur.withStatus(TxStatus.DECLINED).isApproved()).isFalse();
    }
}
