package io.vigil.bench.e2e;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency-by-percentile chart, drawn with Java2D into a PNG: x is the percentile on the usual
 * "number of nines" scale (0%, 90%, 99%, 99.9%, …: {@code log10(1 / (1 − p))}), y is the latency on a log
 * scale in µs; one line per series, optional dashed horizontal target lines.
 * <p>
 * Thread contract: one thread.
 */
public final class PercentilePlot
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double MAX_NINES = 5;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private record Series(String label, Histogram histogram, boolean dashed)
    {
    }

    private record Target(String label, double micros)
    {
    }

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    /** @param title drawn at the top. */
    public PercentilePlot(final String title)
    {
        this.title = title;
    }

    /**
     * @param label     legend text.
     * @param histogram latencies in ns.
     * @param dashed    drawn dashed (a peer).
     * @return this.
     */
    public PercentilePlot add(final String label, final Histogram histogram, final boolean dashed)
    {
        if (histogram.getTotalCount() > 0)
        {
            series.add(new Series(label, histogram, dashed));
        }
        return this;
    }

    /**
     * @param label  legend text.
     * @param micros latency, µs.
     * @return this.
     */
    public PercentilePlot target(final String label, final double micros)
    {
        targets.add(new Target(label, micros));
        return this;
    }

    /**
     * Draws and writes the chart.
     *
     * @param file the PNG to write.
     * @throws IOException if it cannot be written.
     */
    public void write(final Path file) throws IOException
    {
        double minUs = Double.MAX_VALUE;
        double maxUs = 1;
        for (final Series s : series)
        {
            minUs = Math.min(minUs, Math.max(0.1, s.histogram.getMinValue() / 1000.0));
            maxUs = Math.max(maxUs, s.histogram.getMaxValue() / 1000.0);
        }
        for (final Target t : targets)
        {
            minUs = Math.min(minUs, t.micros);
            maxUs = Math.max(maxUs, t.micros);
        }
        if (minUs == Double.MAX_VALUE)
        {
            minUs = 1;
        }
        final double logMin = Math.floor(Math.log10(minUs));
        final double logMax = Math.ceil(Math.log10(maxUs * 1.01));
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            final int plotW = WIDTH - LEFT - RIGHT;
            final int plotH = HEIGHT - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int n = 0; n <= MAX_NINES; n++)
            {
                final int x = LEFT + (int)(plotW * n / MAX_NINES);
                g.setColor(new Color(0xdddddd));
                g.drawLine(x, TOP, x, TOP + plotH);
                g.setColor(Color.DARK_GRAY);
                g.drawString(ninesLabel(n), x - 18, TOP + plotH + 18);
            }
            g.drawString("percentile", LEFT + plotW / 2 - 30, TOP + plotH + 40);
            for (int e = (int)logMin; e <= (int)logMax; e++)
            {
                final int y = TOP + plotH - (int)(plotH * (e - logMin) / (logMax - logMin));
                g.setColor(new Color(0xdddddd));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(microsLabel(Math.pow(10, e)), 8, y + 4);
            }
            g.drawString("latency", 8, TOP - 10);
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotW, plotH);
            int legendY = TOP + 10;
            int colour = 0;
            for (final Series s : series)
            {
                final Color c = PALETTE[colour++ % PALETTE.length];
                g.setColor(c);
                g.setStroke(s.dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {7f, 5f}, 0f) : new BasicStroke(2f));
                int prevX = -1;
                int prevY = -1;
                for (int i = 0; i <= 400; i++)
                {
                    final double nines = MAX_NINES * i / 400.0;
                    final double percentile = 100.0 * (1 - Math.pow(10, -nines));
                    if (nines > Math.log10(s.histogram.getTotalCount()))
                    {
                        break;
                    }
                    final double us = Math.max(Math.pow(10, logMin),
                        s.histogram.getValueAtPercentile(percentile) / 1000.0);
                    final int x = LEFT + (int)(plotW * nines / MAX_NINES);
                    final int y = TOP + plotH - (int)(plotH * (Math.log10(us) - logMin) / (logMax - logMin));
                    if (prevX >= 0)
                    {
                        g.drawLine(prevX, prevY, x, y);
                    }
                    prevX = x;
                    prevY = y;
                }
                g.drawLine(LEFT + plotW + 12, legendY, LEFT + plotW + 40, legendY);
                g.setColor(Color.BLACK);
                g.drawString(s.label, LEFT + plotW + 46, legendY + 4);
                legendY += 20;
            }
            for (final Target t : targets)
            {
                final int y = TOP + plotH - (int)(plotH * (Math.log10(t.micros) - logMin) / (logMax - logMin));
                g.setColor(Color.RED);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {3f, 3f}, 0f));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.drawString(t.label, LEFT + plotW + 12, y + 4);
            }
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static String ninesLabel(final int nines)
    {
        switch (nines)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            case 2:
                return "99%";
            default:
                return "99." + "9".repeat(nines - 2) + "%";
        }
    }

    static String microsLabel(final double us)
    {
        if (us >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.0f s", us / 1_000_000);
        }
        if (us >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f ms", us / 1000);
        }
        return us >= 1 ? String.format(Locale.ROOT, "%.0f µs", us) : String.format(Locale.ROOT, "%.1f µs", us);
    }
}
