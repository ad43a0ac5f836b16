package io.vigil.ops.service;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transport edges: a client that sends half a request and stalls does not hold up others and is cut off at
 * the idle timeout; TLS serves the same API when a keystore is configured.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceTransportTest
{
    @Test
    void shouldKeepServingWhileAClientStallsAndCutItOffAtTheIdleTimeout() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture("server: {idle-timeout: 1s}\n");
             Socket slow = new Socket())
        {
            slow.connect(new InetSocketAddress("127.0.0.1", f.service.port()), 5_000);
            slow.setSoTimeout(30_000);
            final OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/transactions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
                "Content-Length: 5000\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(f.post("/v1/transactions", tx("fast-1", T0, "c", "1.00"), null).statusCode()).isEqualTo(200);
            final InputStream in = slow.getInputStream();
            final byte[] reply = in.readNBytes(12);
            // cut off: either a 408 status line or the connection closed without one
            assertThat(reply.length == 0 || new String(reply, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408"))
                .as(new String(reply, StandardCharsets.US_ASCII)).isTrue();
            assertThat(f.post("/v1/transactions", tx("fast-2", T0 + 1, "c", "1.00"), null).statusCode()).isEqualTo(200);
            assertThat(f.service.host().engine().published()).as("two transactions after the rules journaled at start")
                .isEqualTo(3);
        }
    }

    @Test
    void shouldServeTheApiOverTlsWithAConfiguredKeystore() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-tls");
        final Path keystore = dir.resolve("vigil.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "vigil", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
            "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        final ServiceConfig config = ServiceConfig.parse("tls.yaml", "server:\n  port: 0\n  tls:\n    keystore: " +
            keystore + "\n    keystore-password: changeit\n");
        config.data().overrideDir(dir.resolve("data"));
        try (VigilService service = VigilService.start(config, io.vigil.rules.RuleSet.defaultPack(), java.util.List.of(),
            p -> p))
        {
            assertThat(service.uri().getScheme()).isEqualTo("https");
            final SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager()
            {
                @Override
                public void checkClientTrusted(final X509Certificate[] chain, final String authType)
                {
                }

                @Override
                public void checkServerTrusted(final X509Certificate[] chain, final String authType)
                {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers()
                {
                    return new X509Certificate[0];
                }
            }}, null);
            final HttpClient https = HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> r = https.send(HttpRequest.newBuilder(service.uri().resolve("/v1/transactions"))
                .POST(HttpRequest.BodyPublishers.ofString(tx("tls-1", T0, "c", "1.00"))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"journaled\":true");
        }
        finally
        {
            ServiceFixture.deleteRecursively(dir);
        }
    }
}
