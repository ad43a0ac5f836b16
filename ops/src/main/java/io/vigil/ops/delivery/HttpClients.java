package io.vigil.ops.delivery;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

/**
 * Makes the JDK HTTP client for an endpoint. An {@code https} endpoint gets the default TLS context (the JDK's
 * trusted certificates). A plain {@code http} endpoint never uses TLS, so it gets a context that trusts
 * nothing: building the client then does not load and parse the JDK's certificate store, which costs
 * seconds on a busy machine.
 */
public final class HttpClients
{
    private HttpClients()
    {
    }

    /**
     * @param url            the endpoint.
     * @param connectTimeout the connection timeout.
     * @return a client that does not follow redirects.
     */
    public static HttpClient forEndpoint(final URI url, final Duration connectTimeout)
    {
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equals(url.getScheme()))
        {
            builder.sslContext(NoTls.CONTEXT);
        }
        return builder.build();
    }

    /** Holder of the context for plain-HTTP clients, made on first use. */
    private static final class NoTls
    {
        static final SSLContext CONTEXT = create();

        private static SSLContext create()
        {
            try
            {
                final KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
                empty.load(null, null);
                final TrustManagerFactory trust = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
                trust.init(empty);
                final SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            }
            catch (final GeneralSecurityException | java.io.IOException ex)
            {
                throw new IllegalStateException("cannot make a TLS context", ex);
            }
        }
    }
}
