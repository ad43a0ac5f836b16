package io.vigil.ops.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The webhook signature, in the scheme payment providers use: header {@value #HEADER} with value
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}. The receiver recomputes the HMAC over
 * the timestamp and the raw body with its copy of the secret, compares in constant time, and refuses a
 * timestamp too far from its clock (a replay).
 * <p>
 * Thread contract: static functions; any thread.
 */
public final class WebhookSigner
{
    /** The signature header. */
    public static final String HEADER = "Vigil-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner()
    {
    }

    /**
     * @param secret           the endpoint's secret.
     * @param timestampSeconds unix time of the signing, seconds.
     * @param body             the exact request body.
     * @return the header value.
     */
    public static String sign(final byte[] secret, final long timestampSeconds, final byte[] body)
    {
        return "t=" + timestampSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /**
     * Checks a signature as a receiver would.
     *
     * @param secret           the receiver's copy of the secret.
     * @param header           the {@value #HEADER} value received.
     * @param body             the raw body received.
     * @param nowSeconds       the receiver's clock, unix seconds.
     * @param toleranceSeconds largest accepted distance between the signature's timestamp and now.
     * @return whether the signature is authentic and fresh.
     */
    public static boolean verify(final byte[] secret, final String header, final byte[] body, final long nowSeconds,
        final long toleranceSeconds)
    {
        if (header == null)
        {
            return false;
        }
        long t = Long.MIN_VALUE;
        String v1 = null;
        for (final String part : header.split(","))
        {
            final int eq = part.indexOf('=');
            if (eq <= 0)
            {
                return false;
            }
            final String k = part.substring(0, eq).strip();
            final String v = part.substring(eq + 1).strip();
            try
            {
                if ("t".equals(k))
                {
                    t = Long.parseLong(v);
                }
                else if ("v1".equals(k))
                {
                    v1 = v;
                }
            }
            catch (final NumberFormatException ex)
            {
                return false;
            }
        }
        if (t == Long.MIN_VALUE || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds)
        {
            return false;
        }
        final byte[] expected = HexFormat.of().formatHex(hmac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(final byte[] secret, final long timestampSeconds, final byte[] body)
    {
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }
}
