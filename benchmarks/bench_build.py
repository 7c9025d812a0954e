"""make bench: how fast the build is, as ratios, on the shipped data and a synthetic England and Wales.

Usage: python benchmarks/bench_build.py [N]    (N timed runs of each of our builds; default 5)

Every figure is the median of N runs of the whole command (its start-up included), except the naive
loop, which runs once (it is the slow yardstick). It prints:

* full rebuild of every paper's HTML (``collab-analysis build --rebuild --no-pdf``) against the naive
  loop: for each paper, the ``papermill`` CLI (a Jupyter kernel each time) then ``jupyter nbconvert
  --to html``, the same jobs in the same run (target: at most 0.10x);
* correcting one figure (one Leicestershire contribution) against a full rebuild (target: 0.4x), with
  each one's CPU seconds, the CPU seconds of the start-up every rendering build pays (Python, the
  imports, the exporter's priming) and its share of each;
* a build with nothing to do (target: under 0.3 s);
* printing the PDFs, timed on its own;
* what a paper costs on a synthetic England and Wales (43 forces, 40 collaborations, 20 years)
  against the shipped data (target: at most 1.5x): the mean of the papers' own times, one at a time.
"""
from __future__ import annotations

import csv
import inspect
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = [str(BIN / "collab-analysis")]

from collab_analysis.data.synthetic import write_synthetic  # noqa: E402


#: CPU seconds (user + system, the command and every process it waited for) of each command run, in order.
CPU: list[float] = []


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], **kwargs) -> tuple[float, str]:
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    seconds = time.perf_counter() - start
    CPU.append(_cpu() - cpu)
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout[-3000:]}")
    return seconds, done.stdout


def _median_cpu(runs: int) -> float:
    """The median CPU seconds of the last ``runs`` commands."""
    return statistics.median(CPU[-runs:])


#: What every build that renders a paper imports and primes before its first paper, whatever the change.
START_UP = ("import sys; sys.modules.setdefault('rfc3987_syntax', None); import pandas, pandera.pandas; "
            "import collab_analysis.paper; from collab_analysis.publish import engine, export; export.prime()")


def _build(work: Path, data: Path, *extra: str) -> tuple[float, str]:
    return _run(CLI + ["build", "--data", str(data), "--out", str(work / "reports"), "--build-dir",
                       str(work / "build"), "--editions", str(work / "editions"), *extra])


def _median(runs: int, fn) -> float:
    return statistics.median(fn() for _ in range(runs))


def _paper_seconds(output: str) -> list[float]:
    """Each built paper's own time, from the build's lines ("built  2019-20/x (...) 2.1 s")."""
    return [float(m.group(1)) for m in re.finditer(r"^built .* (\d+\.\d+) s$", output, re.M)]


def _bump(data: Path, step: int) -> None:
    """Correct one figure: Leicestershire's EMSOU contribution, up or down £1,000 in turn (with its excerpt)."""
    path = data / "budgets.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    amount, excerpt = header.index("amount_gbp"), header.index("excerpt")
    for row in rows[1:]:
        if row[:2] == ["emsou", "leicestershire"]:
            old = int(row[amount])
            new = old + (1000 if step % 2 else -1000)
            row[amount] = str(new)
            row[excerpt] = row[excerpt].replace(f"£{old / 1e6:.3f}m", f"£{new / 1e6:.3f}m")
            break
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def naive(jobs: list[dict], work: Path) -> float:
    start = time.perf_counter()
    for i, job in enumerate(jobs):
        executed = work / f"naive-{i}.ipynb"
        cmd = [str(BIN / "papermill"), str(ROOT / job["notebook"]), str(executed), "-k", "python3",
               "--no-progress-bar"]
        for name, value in job["parameters"].items():
            cmd += ["-p", name, str(value)]
        _run(cmd, cwd=ROOT)
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    work = Path(tempfile.mkdtemp(prefix="collab-bench-"))
    try:
        data = work / "data"
        shutil.copytree(ROOT / "data" / "raw", data)
        jobs = [json.loads(line) for line in _build(work, data, "--plan")[1].splitlines() if line.strip()]
        print(f"collab-analysis benchmark: {len(jobs)} papers on the shipped data, median of {runs} runs, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}", flush=True)

        _build(work, data, "--no-pdf")
        t_full = _median(runs, lambda: _build(work, data, "--rebuild", "--no-pdf")[0])
        cpu_full = _median_cpu(runs)
        print(f"full rebuild, HTML (build --rebuild --no-pdf):  {t_full:7.2f} s  (cpu {cpu_full:.2f} s)", flush=True)
        steps = iter(range(1, 10_000))

        def correct() -> float:
            _bump(data, next(steps))
            return _build(work, data, "--no-pdf")[0]

        t_one = _median(runs, correct)
        cpu_one = _median_cpu(runs)
        print(f"one figure corrected (build --no-pdf):         {t_one:7.2f} s  (cpu {cpu_one:.2f} s)", flush=True)
        _median(runs, lambda: _run([sys.executable, "-c", START_UP], cwd=ROOT)[0])
        cpu_start = _median_cpu(runs)
        print(f"start-up of any rendering build (imports, priming): cpu {cpu_start:.2f} s", flush=True)
        t_none = _median(max(runs, 5), lambda: _build(work, data, "--no-pdf")[0])
        print(f"nothing changed (build --no-pdf):              {t_none:7.3f} s", flush=True)
        t_with_pdf = _median(runs, lambda: _build(work, data, "--rebuild")[0])
        print(f"full rebuild with PDFs (build --rebuild):      {t_with_pdf:7.2f} s  "
              f"(PDFs {t_with_pdf - t_full:.2f} s)", flush=True)

        shipped_each = statistics.mean(_paper_seconds(_build(work, data, "--rebuild", "--no-pdf", "--jobs", "1")[1]))
        kwargs = {"forces": 43, "years": 20}
        if "collaborations" in inspect.signature(write_synthetic).parameters:
            kwargs["collaborations"] = 40
        big = write_synthetic(work / "england-and-wales", **kwargs)
        t_big, out = _build(work / "ew", big, "--rebuild", "--no-pdf", "--jobs", "1")
        big_papers = _paper_seconds(out)
        big_each = statistics.mean(big_papers)
        print(f"a paper on the shipped data:                   {shipped_each:7.2f} s", flush=True)
        print(f"a paper on England and Wales ({len(big_papers)} papers, "
              f"{', '.join(f'{k}={v}' for k, v in kwargs.items())}): {big_each:7.2f} s "
              f"(whole build {t_big:.1f} s)", flush=True)

        t_naive = naive(jobs, work)
        print(f"naive (papermill CLI + nbconvert CLI, once):   {t_naive:7.2f} s", flush=True)
        print()
        print(f"ratio full rebuild / naive loop:   {t_full / t_naive:.3f}   (target <= 0.10)")
        print(f"ratio one figure / full rebuild:   {t_one / t_full:.3f}   (target <= 0.4)")
        print(f"  the start-up's share of the correction's CPU: {cpu_start / cpu_one:.0%} "
              f"(of the full rebuild's: {cpu_start / cpu_full:.0%})")
        print(f"no-change build:                   {t_none:.3f} s (target < 0.3 s)")
        print(f"ratio paper E&W / paper shipped:   {big_each / shipped_each:.3f}   (target <= 1.5)")
        print(f"PDFs for {len(jobs)} papers:               {t_with_pdf - t_full:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
