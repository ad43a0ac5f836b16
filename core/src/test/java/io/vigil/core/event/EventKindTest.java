package io.vigil.core.event;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class EventKindTest
{
    @Test
    void shouldKeepTheStoredCodesThatJournalsAlreadyHold()
    {
        assertThat(EventKind.TRANSACTION.code()).isEqualTo(TransactionDescriptor.KIND_TRANSACTION);
        assertThat(EventKind.CARD_PROFILE.code()).isEqualTo(TransactionDescriptor.KIND_CARD_PROFILE);
        assertThat(EventKind.MERCHANT_PROFILE.code()).isEqualTo(TransactionDescriptor.KIND_MERCHANT_PROFILE);
        assertThat(EventKind.ACCOUNT_EVENT.code()).isEqualTo(TransactionDescriptor.KIND_ACCOUNT_EVENT);
        assertThat(EventKind.ACCOUNT_PROFILE.code()).isEqualTo(TransactionDescriptor.KIND_ACCOUNT_PROFILE);
        assertThat(EventKind.REFERENCE.code()).isEqualTo(TransactionDescriptor.KIND_REFERENCE);
    }

    @Test
    void shouldRoundTripEveryCodeAndWireName()
    {
        for (final EventKind k : EventKind.values())
        {
            assertThat(EventKind.fromCode(k.code())).isSameAs(k);
            assertThat(EventKind.fromWireName(k.wireName().toUpperCase())).isSameAs(k);
        }
        for (final CardStatus s : CardStatus.values())
        {
            assertThat(CardStatus.fromCode(s.code())).isSameAs(s);
            assertThat(CardStatus.fromWireName(s.wireName())).isSameAs(s);
        }
        for (final RiskLevel r : RiskLevel.values())
        {
            assertThat(RiskLevel.fromCode(r.code())).isSameAs(r);
        }
        for (final AccountAction a : AccountAction.values())
        {
            assertThat(AccountAction.fromWireName(a.wireName())).isSameAs(a);
        }
        for (final ReferenceList l : ReferenceList.values())
        {
            assertThat(ReferenceList.fromCode(l.code())).isSameAs(l);
        }
        assertThat(EventKind.fromCode(0)).isNull();
        assertThat(EventKind.fromCode(99)).isNull();
        assertThat(AccountAction.fromWireName("logout")).isNull();
    }

    @Test
    void shouldDefaultToATransactionAndKeepKindSubtypeAndLevelApartFromOtherFields()
    {
        final TransactionFlyweight tx = new TransactionFlyweight()
            .wrap(new UnsafeBuffer(ByteBuffer.allocateDirect(TransactionDescriptor.ENCODED_LENGTH)), 0).clear();
        assertThat(tx.isTransaction()).isTrue();
        assertThat(tx.subtype()).isZero();
        assertThat(tx.level()).isZero();

        tx.kind(EventKind.ACCOUNT_EVENT).subtype(AccountAction.PASSWORD_RESET.code()).level(255)
            .status(TxStatus.DECLINED).location(1.0, 2.0);
        assertThat(tx.isTransaction()).isFalse();
        assertThat(EventKind.fromCode(tx.kind())).isSameAs(EventKind.ACCOUNT_EVENT);
        assertThat(AccountAction.fromCode(tx.subtype())).isSameAs(AccountAction.PASSWORD_RESET);
        assertThat(tx.level()).isEqualTo(255);
        assertThat(tx.status()).isSameAs(TxStatus.DECLINED);
        assertThat(tx.hasLocation()).isTrue();

        tx.clear();
        assertThat(tx.isTransaction()).isTrue();
        assertThat(tx.subtype()).isZero();
    }

    private enum Clash implements CodeTable.Coded
    {
        A, B;

        @Override
        public byte code()
        {
            return 7;
        }

        @Override
        public String wireName()
        {
            return name();
        }
    }

    @Test
    void shouldRefuseATableWhereTwoValuesShareACode()
    {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CodeTable<>(Clash.values()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share code 7");
    }
}
