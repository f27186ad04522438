"""The packaged app: bundle size on disk and compressed, and time from launch to the first rendered frame.
Prints figures only. Build first: `make package`.

    .venv/bin/python bench/bench_bundle.py [--bundle dist/CrossyDesktop] [--runs 5]

Start-up is timed from starting the process to the app's "first frame" line (it prints one after its
first display flip when CROSSY_REPORT_FIRST_FRAME is set), headless (SDL dummy drivers). "Cold" runs
drop the OS page cache first (`echo 3 > /proc/sys/vm/drop_caches`, root only), so the bundle's files
come from disk as on a first double-click; "warm" runs do not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def first_frame_seconds(exe: Path) -> tuple[float, str]:
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "CROSSY_REPORT_FIRST_FRAME": "1",
        "CROSSY_DATA_DIR": tempfile.mkdtemp(),
    }
    start = time.perf_counter()
    proc = subprocess.Popen([str(exe), "--controller", "human", "--mute"], env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = ""
    for line in proc.stderr:
        if line.startswith("crossy: first frame"):
            break
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    if not line.startswith("crossy: first frame"):
        raise SystemExit(f"bench: the bundle never reported a first frame (last line: {line.strip()!r})")
    return elapsed, line.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=Path("dist/CrossyDesktop"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = (args.bundle / args.bundle.name).resolve()
    if not exe.exists():
        raise SystemExit(f"bench: {exe} not found: build it first with `make package`")

    size = folder_size(args.bundle)
    print(f"bundle on disk: {size / 2**20:.0f} MiB ({size / 1e6:.0f} MB) in {args.bundle}")
    t = time.perf_counter()
    packed = compressed_size(args.bundle)
    took = time.perf_counter() - t
    print(f"bundle as tar.gz (level 6): {packed / 2**20:.0f} MiB ({packed / 1e6:.0f} MB), packed in {took:.0f} s")

    for label, cold in (("cold", True), ("warm", False)):
        times, line = [], ""
        for _ in range(args.runs):
            if cold and not drop_caches():
                print("cold start: skipped (dropping the page cache needs root)")
                break
            seconds, line = first_frame_seconds(exe)
            times.append(seconds)
        if times:
            runs = ", ".join(f"{s:.2f}" for s in times)
            print(f"{label} start to first frame: median {statistics.median(times):.2f} s of {len(times)} ({runs})")
            print(f"  the app said: {line}")


if __name__ == "__main__":
    main()
