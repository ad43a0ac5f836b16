package io.vigil.ops.service;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromedriver): it loads the page, sees live figures,
 * sends transactions that trigger a rule and sees the alert appear in the feed and in the per-rule table.
 * Skipped, with a message, only where chromium is not installed and not under CI ({@code .ci/run} installs it).
 * Set {@code -Dvigil.dashboard.screenshot=FILE} to keep a screenshot.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardBrowserTest
{
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void shouldShowLiveFiguresAndTheAlertAsItHappens() throws Exception
    {
        final boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null)
        {
            throw new AssertionError("CI must install chromium and chromium-driver (see .ci/run)");
        }
        Assumptions.assumeTrue(installed,
            "skipped: /usr/bin/chromium and /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)");

        try (ServiceFixture f = new ServiceFixture(""))
        {
            final ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            final ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900");
            final WebDriver browser = new ChromeDriver(driverService, options);
            try
            {
                browser.get(f.service.uri() + "/");
                awaitText(() -> browser.findElement(By.id("status")).getText(), "live");
                awaitText(() -> browser.findElement(By.id("events-in")).getText(), "0");
                assertThat(browser.findElements(By.cssSelector("#latest tbody tr"))).isEmpty();

                final StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 5; i++)
                {
                    batch.append(i == 0 ? "" : ",").append(tx("ui-" + i, T0 + i * 1000L, "card-ui", "25.00"));
                }
                assertThat(f.post("/v1/transactions", batch.append(']').toString(), null).statusCode()).isEqualTo(200);

                awaitText(() -> browser.findElement(By.id("events-in")).getText(), "5");
                awaitText(() -> browser.findElements(By.cssSelector("#latest tbody tr.alert")).isEmpty() ? "" :
                    browser.findElement(By.cssSelector("#latest tbody tr.alert")).getText(),
                    "card-velocity-60s high card card-ui ui-4");
                awaitText(() -> browser.findElement(By.id("per-rule")).getText(), "card-velocity-60s 1");
                awaitText(() -> browser.findElement(By.id("alerts")).getText(), "1");
                final String shot = System.getProperty("vigil.dashboard.screenshot");
                if (shot != null)
                {
                    final File png = ((TakesScreenshot)browser).getScreenshotAs(OutputType.FILE);
                    Files.copy(png.toPath(), Path.of(shot), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            finally
            {
                browser.quit();
                driverService.stop();
            }
        }
    }

    private static void awaitText(final Supplier<String> text, final String expected)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String seen = text.get();
        while (!seen.contains(expected))
        {
            assertThat(System.nanoTime()).as("page never showed '" + expected + "'; last seen: " + seen)
                .isLessThan(deadline);
            LockSupport.parkNanos(100_000_000);
            seen = text.get();
        }
    }
}
