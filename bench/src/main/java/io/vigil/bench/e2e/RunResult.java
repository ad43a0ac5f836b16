package io.vigil.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What one run at one offered rate measured.
 *
 * @param system             "vigil" or the peer's name.
 * @param offeredPerSec      the schedule's rate, transactions/s (0 for an as-fast-as-possible run).
 * @param events             transactions sent in the measured part.
 * @param elapsedNs          from the first measured intended send to the last transaction through.
 * @param stages             latency per stage (ns) over the measured part; absent stages are not measured.
 * @param alerts             alerts in the measured part.
 * @param drainLagNs         how long after the last intended send the last transaction came through.
 * @param gcCount            collections during the measured part (all collectors).
 * @param gcTimeMs           their accumulated time, ms.
 * @param allocBytesPerEvent bytes allocated per transaction by the engine's own threads, -1 if unknown.
 * @param sustained          whether the rate was kept without the latency running away (see the report).
 * @param cpuNsPerEvent      CPU time per transaction of each engine thread, ns, by thread name (empty if unknown).
 */
public record RunResult(
    String system,
    long offeredPerSec,
    long events,
    long elapsedNs,
    Map<Stage, Histogram> stages,
    long alerts,
    long drainLagNs,
    long gcCount,
    long gcTimeMs,
    double allocBytesPerEvent,
    boolean sustained,
    Map<String, Double> cpuNsPerEvent)
{
    /** @return transactions per second through the whole pipeline over the measured part. */
    public double throughputPerSec()
    {
        return elapsedNs == 0 ? 0 : events * 1e9 / elapsedNs;
    }
}
