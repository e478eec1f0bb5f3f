#!/usr/bin/env python3
"""report.py — raw output of run.sh -> one markdown table (re-runnable on old results).

usage: report.py RESULTS_DIR [RESULTS_DIR...]

RESULTS_DIR holds meta and one directory per mode (capped, uncapped) with the
client output of every measurement, NAME.REP.SCENARIO (+ .cpu), and NAME.verify.
Every figure is the median over the reps, with its spread ((max - min) / median)
and its ratio to the best of nginx, lighttpd, h2o and caddy in the same mode.  Given
several runs (run.sh several times, same binaries), their reps are pooled: each
figure is the median of all of them, its spread the range over all of them.
Python 3 standard library only.
"""
import os
import re
import statistics
import sys

PEERS = ("nginx", "lighttpd", "h2o", "caddy")
COLUMNS = ("portico",) + PEERS          # plus "baseline" when run.sh --baseline was used
SMP = ("portico-2t", "nginx-2w")
CLK_TCK = os.sysconf("SC_CLK_TCK")
KIB_PER_MIB = 1024.0
BYTES_SLACK = 32          # i, j: bytes a response may differ from the verified one (Keep-Alive: max=N)
BYTES_SLACK_SHARE = 0.01  # j: or this share of it

# scenario, metric label, key, higher is better
ROWS = (
    ("a", "req/s", "rps", True),
    ("a", "p99 ms", "p99", False),
    ("b", "req/s", "rps", True),
    ("b", "p99 ms", "p99", False),
    ("c", "req/s", "rps", True),
    ("c", "p99 ms", "p99", False),
    ("d", "req/s", "rps", True),
    ("d", "p99 ms", "p99", False),
    ("e", "MB/s", "mbps", True),
    ("f", "RSS idle MiB", "idle_mib", False),
    ("f", "RSS 1000 conns MiB", "held_mib", False),
    ("g", "req/s", "rps", True),
    ("g", "p99 ms", "p99", False),
    ("h", "MB/s", "mbps", True),
    ("i", "req/s", "rps", True),
    ("i", "p99 ms", "p99", False),
    ("j", "req/s", "rps", True),
)

# (mode, scenario, key) -> (reference, comparison, threshold)
#   reference "best": the best peer; "lighttpd": lighttpd's figure
TARGETS = {
    ("capped", "a", "rps"): ("best", ">=", 1.10),
    ("capped", "b", "p99"): ("best", "<=", 1.00),
    ("capped", "c", "rps"): ("best", ">=", 1.10),
    ("capped", "d", "rps"): ("best", ">=", 1.00),
    ("capped", "e", "mbps"): ("best", ">=", 0.95),
    ("capped", "f", "held_mib"): ("lighttpd", "<=", 1.00),
    ("capped", "g", "rps"): ("best", ">=", 1.10),
    # issue 11: ranges, revalidation, listing (the best peer that lists)
    ("capped", "h", "mbps"): ("best", ">=", 1.00),
    ("capped", "i", "rps"): ("best", ">=", 1.10),
    ("capped", "j", "rps"): ("best", ">=", 1.00),
    # uncapped: no server ahead of Portico
    ("uncapped", "a", "rps"): ("best", ">=", 1.00),
    ("uncapped", "b", "rps"): ("best", ">=", 1.00),
    ("uncapped", "c", "rps"): ("best", ">=", 1.00),
    ("uncapped", "d", "rps"): ("best", ">=", 1.00),
    ("uncapped", "e", "mbps"): ("best", ">=", 1.00),
    ("uncapped", "f", "held_mib"): ("lighttpd", "<=", 1.00),
    ("uncapped", "g", "rps"): ("best", ">=", 1.00),
    ("uncapped", "h", "mbps"): ("best", ">=", 1.00),
    ("uncapped", "i", "rps"): ("best", ">=", 1.00),
    ("uncapped", "j", "rps"): ("best", ">=", 1.00),
}

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return None


def keyvals(text):
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def parse_wrk(text):
    res = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if m:
        res["p99"] = float(m.group(1)) * UNIT_MS[m.group(2)]
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    res["errors"] = errors
    return res


def parse_ab(text):
    res = {}
    m = re.search(r"Requests per second:\s+([\d.]+)", text)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"^\s+99%\s+(\d+)", text, re.M)
    if m:
        res["p99"] = float(m.group(1))
    errors = 0
    for pattern in (r"Failed requests:\s+(\d+)", r"Non-2xx responses:\s+(\d+)"):
        m = re.search(pattern, text)
        if m:
            errors += int(m.group(1))
    res["errors"] = errors
    return res


def parse_bulk(text):
    kv = keyvals(text)
    res = {"errors": sum(int(kv.get(k, 0)) for k in ("errors", "non200", "non206", "bad_length"))}
    if "mb_per_s" in kv:
        res["mbps"] = float(kv["mb_per_s"])
    return res


def parse_hold(text):
    kv = keyvals(text)
    res = {"errors": int(kv.get("errors", 0)) + int(kv.get("non200", 0))}
    if "idle_rss_kb" in kv:
        res["idle_mib"] = int(kv["idle_rss_kb"]) / KIB_PER_MIB
    if "held_rss_kb" in kv:
        res["held_mib"] = int(kv["held_rss_kb"]) / KIB_PER_MIB
        res["alive"] = int(kv.get("conns_alive", 0))
    return res


def parse(scenario, text):
    if text is None:
        return {}
    try:
        if scenario == "d":
            return parse_ab(text)
        if scenario in ("e", "h"):
            return parse_bulk(text)
        if scenario == "f":
            return parse_hold(text)
        return parse_wrk(text)
    except (ValueError, KeyError):
        return {"errors": 1}


def bytes_check(scenario, base, res):
    """i, j: wrk counts any 2xx or 3xx as a success, so compare its bytes with
    the answer run.sh verified on that start (NAME.REP.X.expect: "reval=304 0
    HEAD" or "listing=200 BODY HEAD NAMES", and "conns=N").  wrk's bytes also
    hold the responses cut at the deadline, at most one per connection.
    Returns a problem or None."""
    expect = keyvals(read(base + ".expect") or "")
    kv = keyvals(read(base) or "")
    if "wrk_requests" not in kv:
        return "no wrk totals"
    requests, total = int(kv["wrk_requests"]), int(kv["wrk_bytes"])
    if not requests:
        return None
    fields = (expect.get("reval") or expect.get("listing") or "").split()
    if len(fields) < 3:
        return "no verified answer"
    want = int(fields[1]) + int(fields[2])
    conns = int(expect.get("conns", 0))
    slack = max(BYTES_SLACK, want * BYTES_SLACK_SHARE if scenario == "j" else 0)
    if not requests * (want - slack) <= total <= (requests + conns) * (want + slack):
        return (f"{total / requests:.0f} B per response ({requests} responses, {conns} connections), "
                f"verified answer {want} B")
    return None


def load_figures(base):
    """(server CPU %, server run-queue wait %, client CPU %) of one measurement, or None.
    The wait excludes the time the cap's cgroup was throttled (that wait is the cap)."""
    text = read(base + ".cpu")
    if not text:
        return None
    fields = [float(x) for x in text.split()]
    if len(fields) != 8 or fields[3] <= fields[2]:
        return None
    t0, t1, w0, w1, q0, q1, r0, r1 = fields
    wall = w1 - w0
    server = 100.0 * (t1 - t0) / CLK_TCK / wall
    waited = 100.0 * max(0.0, (q1 - q0) - (r1 - r0)) / 1e9 / wall
    client = None
    timing = read(base + ".time")
    if timing and timing.strip():
        elapsed, user, system = (float(x) for x in timing.strip().splitlines()[-1].split())
        client = 100.0 * (user + system) / elapsed if elapsed > 0 else None
    return server, waited, client


class Figure:
    """Median and spread of one metric over the reps."""

    def __init__(self, values):
        self.values = values
        self.median = statistics.median(values) if values else None

    @property
    def spread(self):
        if len(self.values) < 2 or not self.median:
            return None
        return (max(self.values) - min(self.values)) / self.median


def bases(sources, name, scenario):
    """The path stem of every measurement of name in scenario: each run's
    mode directory with its number of reps."""
    return [os.path.join(mode_dir, f"{name}.{rep}.{scenario}")
            for mode_dir, reps in sources for rep in range(1, reps + 1)]


def collect(sources, name, scenario, key):
    values, errors, notes = [], 0, []
    for base in bases(sources, name, scenario):
        res = parse(scenario, read(base))
        if scenario in ("i", "j") and "rps" in res:
            problem = bytes_check(scenario, base, res)
            if problem:
                res["errors"] = res.get("errors", 0) + 1
                notes.append(problem)
        errors += res.get("errors", 0)
        if key in res:
            values.append(res[key])
        if scenario == "f" and "alive" in res and res["alive"] < res.get("conns", 1000):
            notes.append(res["alive"])
    return Figure(values), errors, notes


def fmt(value, key):
    if value is None:
        return "—"
    if key == "rps":
        return f"{value / 1000:.1f}k" if value >= 10000 else f"{value:.0f}"
    if key == "mbps":
        return f"{value:.0f}"
    if key == "p99":
        return f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return f"{value:.1f}"


def cell(fig, ref, key, errors):
    if fig.median is None:
        return "—"
    text = fmt(fig.median, key)
    if fig.spread is not None:
        text += f" ±{fig.spread * 100:.0f}%"
    if ref:
        text += f" ({fig.median / ref:.2f})"
    if errors:
        text += f" **{errors} err**"
    return text


def best_of(figures, higher):
    values = [f.median for f in figures if f.median]
    if not values:
        return None
    return max(values) if higher else min(values)


def judge(target, portico, figures, higher, errors):
    reference, op, threshold = target
    if reference == "best":
        ref = best_of([figures[p] for p in PEERS], higher)
    else:
        ref = figures[reference].median
    sign = "≥" if op == ">=" else "≤"
    label = f"{sign} {threshold:.2f}" + (" × lighttpd" if reference == "lighttpd" else "")
    if not ref:
        return label, "n/a", None
    if portico.median is None:
        return label, "FAIL not measured", False
    ratio = portico.median / ref
    ok = ratio >= threshold if op == ">=" else ratio <= threshold
    if errors:
        ok = False
    verdict = ("PASS" if ok else "FAIL") + f" {ratio:.2f}" + (" (errors)" if errors else "")
    return label, verdict, ok


def main():
    runs = sys.argv[1:]
    if not runs or any(r.startswith("-") for r in runs):
        sys.exit(__doc__)
    metas = [keyvals(read(os.path.join(res, "meta")) or "") for res in runs]
    meta = metas[-1]
    reps = [int(m.get("reps", 3)) for m in metas]
    scenarios = set.intersection(*(set(m.get("scenarios", "a,b,c,d,e,f,g,t").split(",")) for m in metas))
    modes = [m for m in ("capped", "uncapped") if all(os.path.isdir(os.path.join(res, m)) for res in runs)]
    global COLUMNS
    if all("baseline" in m for m in metas):
        COLUMNS = ("portico", "baseline") + PEERS

    print(f"### Portico benchmark, {meta.get('date', '?')}")
    print()
    print(f"- machine: {meta.get('cpu', '?')}, kernel {meta.get('kernel', '?')}, host {meta.get('host', '?')}")
    print(f"- {meta.get('versions', '?')}; Portico {meta.get('portico_commit', '?')} ({meta.get('portico', '?')}"
          + (f", sha256 {meta['portico_sha256']}" if "portico_sha256" in meta else "") + ")")
    if "baseline" in COLUMNS:
        print(f"- baseline column: {meta['baseline']}")
    if len(runs) > 1:
        builds = sorted({m.get("portico_sha256") or m.get("portico_commit", "?") for m in metas})
        print(f"- {len(runs)} runs pooled, started " + ", ".join(m.get("date", "?") for m in metas)
              + ("; the same Portico binary" if len(builds) == 1
                 else f"; **different Portico builds**: {', '.join(builds)}"))
    print(f"- {' + '.join(str(r) for r in reps)} rep(s) × {meta.get('duration_s', '?')} s per measurement; "
          "servers on CPU 0, clients on CPU 1")
    for mode in modes:
        for res in runs:
            mmeta = keyvals(read(os.path.join(res, mode, "meta")) or "")
            skipped = read(os.path.join(res, mode, "skipped"))
            print(f"- {mode}: {skipped.strip() if skipped else mmeta.get('cap', '?')}; load average "
                  f"{mmeta.get('loadavg_start', '?')} at start, {mmeta.get('loadavg_end', '?')} at end")
    print()
    print("Cells: median ±spread (ratio to the best of nginx/lighttpd/h2o/caddy in the same mode; in j, of those that list). "
          "Result: Portico's ratio against the target.")
    print()
    print("| mode | scen. | metric | " + " | ".join(COLUMNS) + " | target | result |")
    print("|---|---|---|" + "---|" * len(COLUMNS) + "---|---|")

    notes, passed, failed = [], 0, 0
    for mode in modes:
        sources = [(os.path.join(res, mode), r) for res, r in zip(runs, reps)
                   if not os.path.exists(os.path.join(res, mode, "skipped"))]
        if not sources:
            continue
        for name in COLUMNS:
            for mode_dir, _ in sources:
                verify = read(os.path.join(mode_dir, f"{name}.verify"))
                if verify is not None and ("MISMATCH" in verify or "NOT" in verify or "did not start" in verify):
                    notes.append(f"{mode}: {name} failed verification: "
                                 + "; ".join(l for l in verify.splitlines() if "MISMATCH" in l or "NOT" in l or "did not" in l))
                elif verify is not None:
                    kv = keyvals(verify)
                    evidence = {"h": "range", "i": "reval", "j": "listing"}
                    for scen, what in evidence.items():
                        if kv.get(f"{scen}_ok") == "no":
                            notes.append(f"{mode}: {name} not measured in {scen}: {what}={kv.get(what, '?')}"
                                         + (f" ({kv['reval_header']})" if scen == "i" and kv.get("reval_header") else ""))
        for scenario, label, key, higher in ROWS:
            if scenario not in scenarios:
                continue
            figures, errs = {}, {}
            for name in COLUMNS:
                figures[name], errs[name], closed = collect(sources, name, scenario, key)
                if closed and key == "held_mib":
                    notes.append(f"{mode} f: {name} kept only {closed} of the 1000 connections open")
                elif closed and scenario in ("i", "j") and key == "rps":
                    notes.append(f"{mode} {scenario}: {name}: " + "; ".join(sorted(set(closed))))
            ref = best_of([figures[p] for p in PEERS], higher)
            cells = [cell(figures[n], ref, key, errs[n]) for n in COLUMNS]
            target, verdict = "—", "—"
            spec = TARGETS.get((mode, scenario, key))
            if spec:
                target, verdict, ok = judge(spec, figures["portico"], figures, higher, errs["portico"])
                if ok is True:
                    passed += 1
                elif ok is False:
                    failed += 1
                    verdict = f"**{verdict}**"
            print(f"| {mode} | {scenario} | {label} | " + " | ".join(cells) + f" | {target} | {verdict} |")
        if "t" in scenarios:
            for scenario in ("a", "c"):
                figures = {}
                for name in SMP:
                    figures[name], _, _ = collect(sources, name, scenario, "rps")
                ref = figures["nginx-2w"].median
                ratio = (f"{figures['portico-2t'].median / ref:.2f} vs nginx"
                         if ref and figures["portico-2t"].median else "n/a")
                cells = [cell(figures["portico-2t"], ref, "rps", 0), cell(figures["nginx-2w"], ref, "rps", 0), "—", "—"]
                print(f"| {mode} | 2 cores {scenario} | req/s (Portico 2 threads, nginx 2 workers) | "
                      + " | ".join(cells) + f" | report only | {ratio} |")
        # how much of its core (or cap) each server used, how long it waited for
        # CPU 0 (other jobs on the machine), how busy the client was
        usage = []
        for name in COLUMNS:
            samples = [load_figures(base) for s in ("a", "c", "g") for base in bases(sources, name, s)]
            samples = [x for x in samples if x is not None]
            if not samples:
                continue
            server = statistics.median(x[0] for x in samples)
            waited = statistics.median(x[1] for x in samples)
            clients = [x[2] for x in samples if x[2] is not None]
            client = f"{statistics.median(clients):.0f}%" if clients else "?"
            usage.append(f"{name} {server:.0f}% / {waited:.0f}% / {client}")
        # requests per second of server CPU: far less sensitive than req/s to
        # other jobs taking CPU 0 (blind to idle time and to softirq work done
        # outside the server's own time slices)
        per_cpu = []
        for scenario in ("a", "c", "d", "g", "h", "i", "j"):
            if scenario not in scenarios:
                continue
            metric = "mbps" if scenario == "h" else "rps"
            values = {}
            for name in COLUMNS:
                samples = []
                for base in bases(sources, name, scenario):
                    parsed = parse(scenario, read(base))
                    text = read(base + ".cpu")
                    fields = [float(x) for x in text.split()] if text else []
                    if metric in parsed and len(fields) >= 4 and fields[1] > fields[0]:
                        cpu_s = (fields[1] - fields[0]) / CLK_TCK
                        samples.append(parsed[metric] * (fields[3] - fields[2]) / cpu_s)
                if samples:
                    values[name] = statistics.median(samples)
            best = max((values[p] for p in PEERS if p in values), default=None)
            if values:
                unit = (lambda v: f"{v:.0f} MB") if metric == "mbps" else (
                    lambda v: f"{v / 1000:.0f}k" if v >= 10000 else f"{v:.0f}")
                per_cpu.append(f"{scenario}: " + ", ".join(
                    f"{n} {unit (values[n])}" + (f" ({values[n] / best:.2f})" if best else "")
                    for n in COLUMNS if n in values))
        if per_cpu:
            notes.append(f"{mode}: requests (h: MB) per server CPU-second (median; ratio to the best peer): "
                         + "; ".join(per_cpu))
        if usage:
            notes.append(f"{mode}: during a/c/g, median server CPU / server waiting for CPU 0 (cap excluded) / client CPU "
                         "(% of one core): " + ", ".join(usage))
        for name in COLUMNS + SMP:
            for base in bases(sources, name, "died"):
                died = read(base)
                if died:
                    notes.append(f"{mode}: {name}: {died.strip()}")

    print()
    print(f"Targets met: {passed} of {passed + failed}.")
    if notes:
        print()
        for note in notes:
            print(f"- {note}")


if __name__ == "__main__":
    main()
