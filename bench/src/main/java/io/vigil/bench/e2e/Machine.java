package io.vigil.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the report says about the machine and the JVM: CPU, cores, memory, load, JVM and its flags. */
final class Machine
{
    private Machine()
    {
    }

    static String cpu()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    static String memory()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith("MemTotal"))
                {
                    final long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f GiB", kb / 1024.0 / 1024.0);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux
        }
        return "?";
    }

    /** @return the 1, 5 and 15 minute load averages. */
    static String load()
    {
        try
        {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static int cores()
    {
        return Runtime.getRuntime().availableProcessors();
    }

    static String jvm()
    {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (" +
            System.getProperty("java.vm.vendor") + ")";
    }

    static List<String> flags()
    {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    static String gc()
    {
        final StringBuilder b = new StringBuilder();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> b.append(b.length() == 0 ? "" : ", ")
            .append(g.getName()));
        return b.toString();
    }
}
