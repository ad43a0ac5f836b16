package io.vigil.ops.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest
{
    private static final byte[] SECRET = "whsec-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"alert_id\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldComputeHmacSha256OverTimestampDotBody()
    {
        // computed by an independent tool: printf '0.{"alert_id":"abc"}' | openssl dgst -sha256 -hmac whsec-1
        assertThat(WebhookSigner.sign(SECRET, 0, BODY))
            .isEqualTo("t=0,v1=ec7c928cc3224690f0db17eb9a3caa43637e793522a648c62ecc427575c2b0c3");
    }

    @Test
    void shouldVerifyAnAuthenticFreshSignature()
    {
        final String header = WebhookSigner.sign(SECRET, 1_767_571_200L, BODY);
        assertThat(WebhookSigner.verify(SECRET, header, BODY, 1_767_571_200L + 60, 300)).isTrue();
    }

    @Test
    void shouldRejectAWrongSecretATamperedBodyAndAStaleTimestamp()
    {
        final String header = WebhookSigner.sign(SECRET, 1_767_571_200L, BODY);
        assertThat(WebhookSigner.verify("whsec-2".getBytes(StandardCharsets.UTF_8), header, BODY, 1_767_571_200L, 300))
            .isFalse();
        assertThat(WebhookSigner.verify(SECRET, header, "{\"alert_id\":\"abd\"}".getBytes(StandardCharsets.UTF_8),
            1_767_571_200L, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, header, BODY, 1_767_571_200L + 301, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, "t=abc,v1=00", BODY, 0, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, null, BODY, 0, 300)).isFalse();
    }

}
