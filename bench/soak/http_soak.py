#!/usr/bin/env python3
"""Soak a running `vigil run` through HTTP at a steady rate, and report latency and memory over time.

Sends synthetic transactions (unique ids, --cards cards, event time advancing --event-ms-per-tx per transaction) in batches
to POST /v1/transactions from a few keep-alive connections, each batch at its scheduled time (a fixed-rate
schedule, so a slow reply does not lower the offered rate; latency is measured from the scheduled send time,
which counts queueing behind a slow reply). Every interval it prints the client-side request latency
percentiles, the service's heap in use (from /metrics) and the service process's resident memory.

    VIGIL_JAVA_OPTS=-Xmx1g ./vigil run --config bench/soak/soak.yaml --data /tmp/soak &
    bench/soak/http_soak.py --url http://127.0.0.1:18090 --rate 5000 --batch 50 --minutes 5 --pid PID

Only for the loopback address of this machine.
"""
import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, int(round(p / 100.0 * (len(sorted_values) - 1))))
    return sorted_values[k]


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return -1
    return -1


def metric(url, name):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    c.request("GET", "/metrics")
    body = c.getresponse().read().decode()
    c.close()
    for line in body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--rate", type=int, default=5000, help="transactions per second")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--minutes", type=float, default=4)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--interval", type=float, default=30, help="seconds between report lines")
    ap.add_argument("--pid", type=int, default=0, help="the service's process id, for its resident memory")
    ap.add_argument("--cards", type=int, default=2000)
    ap.add_argument("--event-ms-per-tx", type=int, default=10,
                    help="event time between consecutive transactions, ms (10 at 5,000/s: 50 s of event time a second)")
    args = ap.parse_args()
    u = urllib.parse.urlparse(args.url)
    assert u.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"

    deadline = time.monotonic() + 120
    while True:  # start only once the service answers /ready
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            c.request("GET", "/ready")
            if c.getresponse().status == 200:
                c.close()
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the service did not become ready within 120 s")
        time.sleep(0.2)

    batches_per_s = args.rate / args.batch
    total_batches = int(args.minutes * 60 * batches_per_s)
    start = time.monotonic() + 0.5
    lock = threading.Lock()
    latencies = []
    statuses = {}
    t0_ms = 1767571200000

    def worker(w):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        rnd = random.Random(w)
        for b in range(w, total_batches, args.connections):
            due = start + b / batches_per_s
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            txs = []
            for i in range(args.batch):
                n = b * args.batch + i
                txs.append({"id": "soak-%010d" % n, "ts": t0_ms + n * args.event_ms_per_tx, "card": "card-%05d" % rnd.randrange(args.cards),
                            "merchant": "m-%04d" % rnd.randrange(2000), "amount": "%d.%02d" % (rnd.randrange(200), rnd.randrange(100)),
                            "currency": "EUR", "country": "DE", "status": "approved"})
            body = json.dumps(txs)
            if conn.sock is None and b >= args.connections:
                with lock:
                    statuses["reconnects"] = statuses.get("reconnects", 0) + 1
            try:
                conn.request("POST", "/v1/transactions", body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as ex:
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
                status = type(ex).__name__
                print("error at %.1f s: %s" % (time.monotonic() - start, ex), flush=True)
            elapsed = time.monotonic() - due
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.connections)]
    for t in threads:
        t.start()
    print("soak: %d tx/s in batches of %d for %.1f min over %d connections to %s"
          % (args.rate, args.batch, args.minutes, args.connections, args.url), flush=True)
    print("%8s %10s %9s %9s %9s %9s %12s %10s" % ("t (s)", "requests", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                                                   "heap MiB", "RSS MiB"), flush=True)
    next_report = start + args.interval
    while any(t.is_alive() for t in threads):
        time.sleep(0.2)
        if time.monotonic() >= next_report or not any(t.is_alive() for t in threads):
            with lock:
                window = sorted(latencies)
                latencies.clear()
            heap = metric(args.url, "vigil_jvm_heap_used_bytes") / 2**20
            rss = rss_kib(args.pid) / 1024.0 if args.pid else float("nan")
            print("%8.0f %10d %9.2f %9.2f %9.2f %9.2f %12.1f %10.1f" % (
                time.monotonic() - start, len(window), percentile(window, 50) * 1e3, percentile(window, 99) * 1e3,
                percentile(window, 99.9) * 1e3, (window[-1] if window else float("nan")) * 1e3, heap, rss), flush=True)
            next_report += args.interval
    print("statuses:", statuses, flush=True)
    print("events in (service):", int(metric(args.url, "vigil_events_in_total")), flush=True)


if __name__ == "__main__":
    main()
