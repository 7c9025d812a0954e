"""make bench: our build against the naive papermill loop and the kernel-free floor.

Builds N papers from a synthetic data set three ways, in one run, and prints times and ratios:

* naive: for each paper, the ``papermill`` CLI (a Jupyter kernel each time) then ``jupyter nbconvert``;
* ours:  ``collab-analysis build --rebuild`` (warm forked engine, parallel, our template);
* floor: the same notebooks' code executed in one process with no kernel and no export.

Then the no-change rebuild time, and how our build time grows from N to 4N papers.
Usage: python benchmarks/bench_build.py [N]   (default N=8)
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent

from collab_analysis.data.synthetic import write_synthetic  # noqa: E402


def _run(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def _plan(data: Path, out: Path, build: Path) -> list[dict]:
    text = subprocess.run([str(BIN / "collab-analysis"), "build", "--plan", "--data", str(data), "--out", str(out),
                           "--build-dir", str(build)], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def naive(jobs: list[dict], work: Path) -> float:
    start = time.perf_counter()
    for i, job in enumerate(jobs):
        executed = work / f"naive-{i}.ipynb"
        cmd = [str(BIN / "papermill"), str(ROOT / job["notebook"]), str(executed), "-k", "python3",
               "--no-progress-bar"]
        for name, value in job["parameters"].items():
            cmd += ["-r", name, str(value)]
        _run(cmd, cwd=ROOT)
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return time.perf_counter() - start


def ours(data: Path, out: Path, build: Path, rebuild: bool = True, jobs: int | None = None) -> float:
    cmd = [str(BIN / "collab-analysis"), "build", "--data", str(data), "--out", str(out), "--build-dir", str(build)]
    return _run(cmd + (["--rebuild"] if rebuild else []) + (["--jobs", str(jobs)] if jobs else []))


_FLOOR = r'''
import ast, json, sys, time
t0 = time.perf_counter()
import pandas, matplotlib
matplotlib.use("Agg")
import collab_analysis as ca
from collab_analysis import data, paper  # noqa
from collab_analysis.paper import charts  # noqa
t_imports = time.perf_counter() - t0
jobs = json.loads(sys.argv[1])
t1 = time.perf_counter()
for job in jobs:
    nb = json.load(open(job["path"]))
    ns = dict(job["parameters"])
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns)
            if hasattr(value, "_repr_html_"):
                value._repr_html_()
print(json.dumps({"imports": t_imports, "papers": time.perf_counter() - t1}))
'''


def floor(jobs: list[dict]) -> tuple[float, float]:
    payload = json.dumps([{"path": str(ROOT / j["notebook"]), "parameters": j["parameters"]} for j in jobs])
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _FLOOR, payload], check=True, capture_output=True, text=True,
                         cwd=ROOT).stdout
    total = time.perf_counter() - start
    return total, json.loads(out.strip().splitlines()[-1])["papers"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    work = Path(tempfile.mkdtemp(prefix="collab-bench-"))
    try:
        data = write_synthetic(work / "data", forces=n - 1, years=3)
        jobs = _plan(data, work / "reports", work / "build")
        assert len(jobs) == n, f"planned {len(jobs)} papers, wanted {n}"
        print(f"collab-analysis benchmark: {n} papers, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.machine()}", flush=True)
        t_ours = ours(data, work / "reports", work / "build")
        print(f"ours   (collab-analysis build --rebuild): {t_ours:7.2f} s  {t_ours / n:6.2f} s/paper", flush=True)
        t_nochange = ours(data, work / "reports", work / "build", rebuild=False)
        print(f"ours, nothing changed:                     {t_nochange:7.2f} s", flush=True)
        t_one = ours(data, work / "reports", work / "build", jobs=1)
        print(f"ours on one core (--jobs 1):               {t_one:7.2f} s  {t_one / n:6.2f} s/paper", flush=True)
        t_floor, t_floor_papers = floor(jobs)
        print(f"floor  (no kernel, no export, 1 process):  {t_floor:7.2f} s  "
              f"({t_floor_papers:.2f} s of it running the papers' code)", flush=True)
        t_naive = naive(jobs, work)
        print(f"naive  (papermill CLI + nbconvert CLI):    {t_naive:7.2f} s  {t_naive / n:6.2f} s/paper", flush=True)
        big = write_synthetic(work / "data4", forces=4 * n - 1, years=3)
        t_big = ours(big, work / "reports4", work / "build4")
        print(f"ours with {4 * n} papers:                   {t_big:7.2f} s  {t_big / (4 * n):6.2f} s/paper", flush=True)
        print()
        print(f"ratio ours/naive:  {t_ours / t_naive:.3f}")
        print(f"ratio ours/floor:  {t_ours / t_floor:.2f}   (one core each: {t_one / t_floor:.2f})")
        print(f"no-change rebuild: {t_nochange:.2f} s")
        print(f"growth {n} -> {4 * n} papers: x{t_big / t_ours:.2f} time for x4 papers")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
