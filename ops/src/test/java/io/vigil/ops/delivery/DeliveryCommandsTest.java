package io.vigil.ops.delivery;

import io.vigil.ops.cli.VigilCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's commands: alerts dead-letters, alerts redrive, webhook test. */
@Tag("slow")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryCommandsTest
{
    private static final byte[] SECRET = "whsec-cli".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private WebhookReceiver receiver;

    record Run(int exitCode, String out)
    {
    }

    @BeforeEach
    void start() throws Exception
    {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop()
    {
        receiver.close();
    }

    private static Run cli(final String... args)
    {
        final picocli.CommandLine cl = VigilCommand.newCommandLine();
        final StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return new Run(cl.execute(args), out.toString());
    }

    @Test
    void shouldListDeadLettersAndRedriveOneById() throws Exception
    {
        final Path outbox = dir.resolve("outbox");
        final URI down = receiver.endpoint("/down", SECRET, WebhookReceiver.Misbehaviour.ERROR_500, -1, 0);
        final EndpointConfig failing = EndpointConfig.of("team", down, SECRET)
            .withRetry(new RetryPolicy(2, 60_000, 5, 10)).withTimeoutAndBatch(2_000, 1).withBreaker(100, 10);
        try (AlertDelivery delivery = AlertDelivery.start(new WebhookConfig(List.of(failing)), outbox, TestAlerts.ROUTES))
        {
            for (int n = 0; n < 3; n++)
            {
                delivery.sink().onAlert(TestAlerts.alert(n, 0));
            }
            assertThat(delivery.awaitDrained(20_000)).isTrue();
        }
        final String id0 = TestAlerts.alert(0, 0).alertId();
        final Run listed = cli("alerts", "dead-letters", "--outbox", outbox.toString());
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains("3 dead letter(s)").contains(id0 + "  endpoint=team  rule=card-velocity-60s  "
            + "severity=high  attempts=2").contains("error=HTTP 500");

        assertThat(cli("alerts", "redrive", "--outbox", outbox.toString()).exitCode()).isEqualTo(2);
        assertThat(cli("alerts", "redrive", "--outbox", outbox.toString(), "--id", "0".repeat(32)).exitCode())
            .isEqualTo(65);
        assertThat(cli("alerts", "dead-letters", "--outbox", dir.resolve("none").toString()).exitCode()).isEqualTo(66);
        final Run redriven = cli("alerts", "redrive", "--outbox", outbox.toString(), "--id", id0);
        assertThat(redriven.exitCode()).as(redriven.out()).isZero();
        assertThat(redriven.out()).contains("1 re-drive(s) requested");
        assertThat(cli("alerts", "dead-letters", "--outbox", outbox.toString()).out())
            .contains("2 dead letter(s)").contains("1 re-drive(s) requested, not yet delivered");

        // the endpoint is back (same name, new address): the next start delivers the re-driven alert only
        final URI up = receiver.endpoint("/up", SECRET, WebhookReceiver.Misbehaviour.NONE, 0, 0);
        try (AlertDelivery delivery = AlertDelivery.start(
            new WebhookConfig(List.of(EndpointConfig.of("team", up, SECRET))), outbox, TestAlerts.ROUTES))
        {
            assertThat(delivery.awaitDrained(20_000)).isTrue();
            assertThat(delivery.metrics().endpoints().get(0).delivered()).isEqualTo(1);
        }
        assertThat(receiver.acceptedIds("/up").keySet()).containsExactly(id0);
        assertThat(cli("alerts", "dead-letters", "--outbox", outbox.toString()).out()).contains("2 dead letter(s)")
            .doesNotContain("re-drive(s) requested");
    }

    @Test
    void shouldSendASignedTestAlertAndFailWithTheWrongSecret()
    {
        final URI url = receiver.endpoint("/test", SECRET, WebhookReceiver.Misbehaviour.NONE, 0, 0);
        final Run ok = cli("webhook", "test", url.toString(), "--secret", "whsec-cli");
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("Vigil-Signature: t=").contains("Idempotency-Key: ")
            .contains("answer: HTTP 200");
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signatureValid()).isTrue());

        final Run wrong = cli("webhook", "test", url.toString(), "--secret", "not-the-secret");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).contains("answer: HTTP 401");
        assertThat(cli("webhook", "test", url.toString()).exitCode()).isEqualTo(2);
    }
}
