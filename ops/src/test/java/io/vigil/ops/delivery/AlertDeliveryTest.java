package io.vigil.ops.delivery;

import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.ops.delivery.WebhookReceiver.Misbehaviour;
import io.vigil.ops.delivery.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery against a real HTTP server on loopback. */
@Tag("slow")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlertDeliveryTest
{
    private static final byte[] SECRET = "whsec-test-1".getBytes(StandardCharsets.UTF_8);
    private static final RetryPolicy FAST_RETRY = new RetryPolicy(50, 60_000, 10, 100);

    @TempDir
    Path outboxDir;

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception
    {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver()
    {
        receiver.close();
    }

    private EndpointConfig endpoint(final String name, final Misbehaviour m, final int times)
    {
        return EndpointConfig.of(name, receiver.endpoint("/" + name, SECRET, m, times, 0), SECRET)
            .withRetry(FAST_RETRY).withTimeoutAndBatch(500, 1).withBreaker(3, 100);
    }

    private static Set<String> ids(final int from, final int to)
    {
        final Set<String> ids = new HashSet<>();
        for (int n = from; n < to; n++)
        {
            ids.add(TestAlerts.alert(n, n % 2).alertId());
        }
        return ids;
    }

    private static void emit(final AlertDelivery delivery, final int from, final int to)
    {
        for (int n = from; n < to; n++)
        {
            delivery.sink().onAlert(TestAlerts.alert(n, n % 2));
        }
        delivery.sink().onIdle();
    }

    @Test
    void shouldDeliverEveryAlertDespiteErrorsHangsAndClosedConnections() throws Exception
    {
        final WebhookConfig config = new WebhookConfig(List.of(
            endpoint("flaky", Misbehaviour.ERROR_500, 8),
            endpoint("hanging", Misbehaviour.HANG, 2),
            endpoint("closing", Misbehaviour.CLOSE, 4)));
        try (AlertDelivery delivery = AlertDelivery.start(config, outboxDir, TestAlerts.ROUTES))
        {
            emit(delivery, 0, 30);
            assertThat(delivery.awaitDrained(45_000)).as("drained: %s", delivery.metrics()).isTrue();
            for (final EndpointMetrics m : delivery.metrics().endpoints())
            {
                assertThat(m.delivered()).as(m.name()).isEqualTo(30);
                assertThat(m.deadLettered()).as(m.name()).isZero();
                assertThat(m.failedAttempts()).as(m.name()).isPositive();
                assertThat(m.backlog()).as(m.name()).isZero();
            }
        }
        for (final String path : List.of("/flaky", "/hanging", "/closing"))
        {
            assertThat(receiver.acceptedIds(path).keySet()).as(path).isEqualTo(ids(0, 30));
        }
        for (final Received r : receiver.received())
        {
            assertThat(r.signatureValid()).as("signature %s", r.signature()).isTrue();
            assertThat(r.ids()).hasSize(1);
            assertThat(r.idempotencyKey()).isEqualTo(r.ids().get(0));
        }
        // every failure was retried: the misbehaving requests were repeats of ids that were then accepted
        assertThat(receiver.received().stream().filter(r -> !r.accepted()).count()).isEqualTo(8 + 2 + 4);
    }

    @Test
    void shouldResumeAfterARestartWithoutResendingAndSkipReplayedAlerts() throws Exception
    {
        // a long timeout: a request that times out but was accepted would be a legitimate repeat, not the subject here
        final WebhookConfig config = new WebhookConfig(List.of(endpoint("ok", Misbehaviour.NONE, 0)
            .withTimeoutAndBatch(10_000, 1)));
        try (AlertDelivery delivery = AlertDelivery.start(config, outboxDir, TestAlerts.ROUTES))
        {
            emit(delivery, 0, 10);
            assertThat(delivery.awaitDrained(20_000)).isTrue();
        }
        final java.util.Map<String, Integer> afterFirst = new java.util.HashMap<>();
        receiver.acceptedIds("/ok").forEach((id, n) -> afterFirst.put(id, n.get()));
        assertThat(afterFirst.keySet()).isEqualTo(ids(0, 10));
        try (AlertDelivery delivery = AlertDelivery.start(config, outboxDir, TestAlerts.ROUTES))
        {
            // a replay emits alerts 0..9 again, then new ones
            emit(delivery, 0, 15);
            assertThat(delivery.awaitDrained(20_000)).isTrue();
            assertThat(delivery.metrics().duplicatesSkipped()).isEqualTo(10);
            assertThat(delivery.metrics().appended()).isEqualTo(15);
            assertThat(delivery.metrics().endpoints().get(0).delivered()).isEqualTo(5);
        }
        assertThat(receiver.acceptedIds("/ok").keySet()).isEqualTo(ids(0, 15));
        // nothing delivered before the restart was sent again after it
        afterFirst.forEach((id, n) -> assertThat(receiver.acceptedIds("/ok").get(id).get()).as(id).isEqualTo(n));
        assertThat(receiver.received().stream().filter(r -> afterFirst.containsKey(r.ids().get(0))).count())
            .isEqualTo(afterFirst.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void shouldDeadLetterAfterMaxAttemptsAndRedeliverOnRedrive() throws Exception
    {
        final WebhookConfig config = new WebhookConfig(List.of(endpoint("down", Misbehaviour.ERROR_500, 6)
            .withRetry(new RetryPolicy(2, 60_000, 5, 10)).withBreaker(100, 10)));
        final List<DeliveryLedger.DeadLetter> dead;
        try (AlertDelivery delivery = AlertDelivery.start(config, outboxDir, TestAlerts.ROUTES))
        {
            emit(delivery, 0, 3);
            assertThat(delivery.awaitDrained(20_000)).isTrue();
            assertThat(delivery.metrics().endpoints().get(0).deadLettered()).isEqualTo(3);
            dead = ledger(delivery.outbox()).deadLetters();
            assertThat(dead).hasSize(3).allSatisfy(d -> assertThat(d.lastError()).isEqualTo("HTTP 500"));
            assertThat(receiver.acceptedIds("/down")).isEmpty();
            // the operator re-drives them, as `vigil alerts redrive --all` does (from this or another process)
            for (final DeliveryLedger.DeadLetter d : dead)
            {
                delivery.outbox().appendProgress(new DeliveryRecord(DeliveryRecord.Type.REDRIVE_REQUESTED, d.endpoint(),
                    d.seq(), d.seq(), d.outboxIndex(), 0, System.currentTimeMillis(), "test"));
            }
            // the running delivery picks the requests up from the progress queue within its poll period
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (delivery.metrics().endpoints().get(0).delivered() < 3 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertThat(delivery.metrics().endpoints().get(0).delivered()).isEqualTo(3);
            assertThat(ledger(delivery.outbox()).deadLetters()).isEmpty();
            assertThat(ledger(delivery.outbox()).redrivePending()).isEmpty();
        }
        assertThat(receiver.acceptedIds("/down").keySet()).isEqualTo(ids(0, 3));
    }

    @Test
    void shouldBatchAndRouteByFilter() throws Exception
    {
        final EndpointConfig batched = endpoint("batched", Misbehaviour.ERROR_500, 1).withTimeoutAndBatch(2_000, 4);
        final EndpointConfig critical = endpoint("critical", Misbehaviour.NONE, 0)
            .withFilter(new EndpointFilter(Set.of(), Set.of(io.vigil.core.alert.Severity.CRITICAL), Set.of()));
        final EndpointConfig tagged = endpoint("tagged", Misbehaviour.NONE, 0)
            .withFilter(new EndpointFilter(Set.of(), Set.of(), Set.of("velocity")));
        try (AlertDelivery delivery = AlertDelivery.start(new WebhookConfig(List.of(batched, critical, tagged)),
            outboxDir, TestAlerts.ROUTES))
        {
            emit(delivery, 0, 10);
            assertThat(delivery.awaitDrained(20_000)).isTrue();
        }
        assertThat(receiver.acceptedIds("/batched").keySet()).isEqualTo(ids(0, 10));
        assertThat(receiver.received().stream().filter(r -> r.path().equals("/batched")))
            .allSatisfy(r -> assertThat(r.batch()).isTrue()).anySatisfy(r -> assertThat(r.ids()).hasSize(4));
        final Set<String> odd = new HashSet<>();
        final Set<String> even = new HashSet<>();
        for (int n = 0; n < 10; n++)
        {
            (n % 2 == 1 ? odd : even).add(TestAlerts.alert(n, n % 2).alertId());
        }
        assertThat(receiver.acceptedIds("/critical").keySet()).isEqualTo(odd);
        assertThat(receiver.acceptedIds("/tagged").keySet()).isEqualTo(even);
    }

    @Test
    void shouldLetTheBacklogGrowOnDiskWhileAnEndpointHangs() throws Exception
    {
        final WebhookConfig config = new WebhookConfig(List.of(endpoint("stuck", Misbehaviour.HANG, -1)
            .withTimeoutAndBatch(60_000, 1)));
        try (AlertDelivery delivery = AlertDelivery.start(config, outboxDir, TestAlerts.ROUTES))
        {
            emit(delivery, 0, 200);
            final DeliveryMetrics m = delivery.metrics();
            assertThat(m.appended()).isEqualTo(200);
            assertThat(m.endpoints().get(0).backlog()).isEqualTo(200);
            assertThat(delivery.awaitDrained(50)).isFalse();
        }
        try (AlertOutbox outbox = AlertOutbox.open(outboxDir))
        {
            assertThat(outbox.lastSeq()).isEqualTo(200);
        }
    }

    private static DeliveryLedger ledger(final AlertOutbox outbox)
    {
        final DeliveryLedger ledger = new DeliveryLedger();
        try (io.vigil.journal.outbox.ProgressCursor c = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = c.next(); r != null; r = c.next())
            {
                ledger.apply(r);
            }
        }
        return ledger;
    }

}
