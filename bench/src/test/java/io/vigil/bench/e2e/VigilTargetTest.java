package io.vigil.bench.e2e;

import io.vigil.bench.peer.PeerEquivalence;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.ops.generate.GeneratorConfig;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's mechanics, not its figures (no timing is asserted): every measured transaction is timed at every
 * stage, later stages never come before earlier ones, the schedule's events are all sent, and the plot is a PNG.
 */
class VigilTargetTest
{
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldTimeEveryTransactionAtEveryStageInPipelineOrder(@TempDir final Path dir) throws Exception
    {
        final EncodedStream stream = EncodedStream.generate(GeneratorConfig.builder().events(20_000).cards(300)
            .seed(3).fraudCasesPerMillion(GeneratorConfig.MAX_FRAUD_CASES_PER_MILLION).build(), null);
        final VigilTarget target = new VigilTarget(new VigilTarget.Setup(PeerEquivalence.peerRules(), true, dir,
            WaitStrategyKind.SLEEPING, 1, 1024, Pacer.YIELD, true), stream);
        final RunResult run;
        final RunResult flat;
        try
        {
            target.open(86_400_000L);
            assertThat(target.prefillEvents()).isGreaterThan(0);
            run = target.runAtRate(20_000, 100_000_000L, 500_000_000L, new SustainCriteria(Long.MAX_VALUE,
                Long.MAX_VALUE));
            flat = target.runFlatOut(30_000);
        }
        finally
        {
            target.close();
        }

        assertThat(run.events()).isEqualTo(10_000);
        for (final Stage s : List.of(Stage.RECEIVED, Stage.JOURNALED, Stage.EVALUATED, Stage.COLLECTED))
        {
            assertThat(run.stages().get(s).getTotalCount()).as(s.label()).isEqualTo(10_000);
        }
        assertThat(run.stages().get(Stage.ALERT).getTotalCount()).isEqualTo(run.alerts());
        assertThat(flat.alerts()).isPositive();
        final Stage[] order = {Stage.RECEIVED, Stage.JOURNALED, Stage.EVALUATED, Stage.COLLECTED};
        for (int i = 1; i < order.length; i++)
        {
            final Histogram before = run.stages().get(order[i - 1]);
            final Histogram after = run.stages().get(order[i]);
            for (final double p : new double[] {50, 99, 100})
            {
                // each transaction's later stage is at or after its earlier one, so every quantile is too
                // (up to the histograms' 3-digit resolution)
                assertThat(after.highestEquivalentValue(after.getValueAtPercentile(p)))
                    .as(order[i].label() + " p" + p).isGreaterThanOrEqualTo(before.lowestEquivalentValue(
                        before.getValueAtPercentile(p)));
            }
        }

        final Path png = dir.resolve("plot.png");
        new PercentilePlot("test").add("collected", run.stages().get(Stage.COLLECTED), false).target("20 µs", 20)
            .write(png);
        final BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(500);
    }
}
