"""Smoke test of the built bundle (`make package` first): does the double-clickable program really work?

For each controller (human, random, dqn, scripted) it starts dist/CrossyDesktop/CrossyDesktop headless
with --max-frames and recording on, and checks: exit code 0, one demonstration written to the per-user
data folder, recorded by the expected controller (so the DQN really loaded). Then it checks that the
install folder is unchanged (nothing written inside the bundle) and, when run as root, runs the bundle
once more as the unprivileged user `nobody`, for whom the install folder is read-only. Teaching: the full
bundle runs a short `teach` on two recorded games of the simulated human (the same sub-command the window's
T starts) and must save a student; the player bundle must refuse in one line.

    .venv/bin/python scripts/smoke_bundle.py [--bundle dist/CrossyDesktop]
Exit code 0 when every check passes; one line per check either way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from crossy_desktop.storage.demo_file import read_meta

CONTROLLERS = {"human": "human", "random": "random", "dqn": "dqn ", "scripted": "scripted"}
PLAYS_WELL = {"dqn": 2, "scripted": 2}  # points at least, in MAX_FRAMES: the network really runs in the bundle
MAX_FRAMES = "720"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def run(
    exe: Path,
    data_dir: Path,
    controller: str,
    user: str | None = None,
    extra: tuple[str, ...] = (),
    cmd: list[str] | None = None,
) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "CROSSY_DATA_DIR": str(data_dir)}
    if cmd is None:
        cmd = [str(exe), "--controller", controller, "--max-frames", MAX_FRAMES, "--speed", "max", "--mute", "--record"]
        cmd += list(extra)
    if user:
        import pwd  # Unix only: the other desktops' workflow never asks for another user

        gid = pwd.getpwnam(user).pw_gid
        cmd = ["setpriv", f"--reuid={user}", f"--regid={gid}", "--clear-groups", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=data_dir)


def check(ok: bool, what: str, failures: list[str]) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def check_teach(exe: Path, player_bundle: bool, failures: list[str]) -> None:
    """`teach` in the bundle, as the window's T runs it: a student in the per-user models folder."""
    from crossy_desktop.controllers.simulated_human import SimulatedHuman
    from crossy_desktop.play.games import record_games

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        record_games(SimulatedHuman(), 2, 900, data / "demos")
        env = {**os.environ, "CROSSY_DATA_DIR": str(data)}
        tiny = ["--updates", "20", "--eval-every", "10", "--eval-games", "1", "--test-games", "1", "--no-progress"]
        cmd = [str(exe), "teach", "--player", SimulatedHuman.name, *tiny]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, cwd=data)
        models = list((data / "models").glob("*.safetensors"))
        last = result.stderr.strip().splitlines()[-1:]
        if player_bundle:
            refused = result.returncode == 1 and "full version" in result.stderr and not models
            check(refused, f"teach: refused in one line without torch {last}", failures)
        else:
            check(
                result.returncode == 0 and len(models) == 1,
                f"teach: exit {result.returncode}, {len(models)} student {last}",
                failures,
            )


def check_no_sweep(exe: Path, bundle: Path, failures: list[str]) -> None:
    """The sweep extra never enters a bundle: `sweep` says in one line how to get it."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "s.toml"
        spec.write_text("seeds = [1]\n[budget]\ndecisions = 2048\n")
        result = subprocess.run([str(exe), "sweep", str(spec)], capture_output=True, text=True, timeout=300, cwd=tmp)
    lines = result.stderr.strip().splitlines()
    refused = result.returncode == 1 and len(lines) == 1 and "crossy-desktop[sweep]" in lines[0]
    check(refused, f"sweep: refused in one line without the sweep extra {lines[-1:]}", failures)
    check(not (bundle / "_internal" / "ray").exists(), "bundle carries no Ray", failures)


def check_no_formats(exe: Path, bundle: Path, model: Path, failures: list[str]) -> None:
    """The formats extra never enters a bundle either: `export --onnx` says in one line how to get it."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run([str(exe), "export", str(model), "--onnx", "x.onnx"], capture_output=True,
                                text=True, timeout=300, cwd=tmp)  # fmt: skip
        written = (Path(tmp) / "x.onnx").exists()
    lines = result.stderr.strip().splitlines()
    refused = result.returncode == 1 and len(lines) == 1 and "crossy-desktop[formats]" in lines[0] and not written
    check(refused, f"export --onnx: refused in one line without the formats extra {lines[-1:]}", failures)
    extras = ("onnx", "onnxruntime", "onnxscript", "stable_baselines3", "minari", "h5py", "jax", "jaxlib")
    found = [name for name in extras if (bundle / "_internal" / name).exists()]
    check(not found, f"bundle carries no ONNX packages {found}", failures)


def check_desktop_entry(exe: Path, failures: list[str]) -> None:
    """The bundle writes its own menu entry (Exec: the bundle's executable) and removes it again."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_DATA_HOME": tmp}
        done = subprocess.run([str(exe), "desktop-entry", "--install"], capture_output=True, text=True, env=env,
                              timeout=120)  # fmt: skip
        entry = Path(tmp) / "applications" / "crossy-desktop.desktop"
        text = entry.read_text() if entry.exists() else ""
        ok = done.returncode == 0 and f"Exec={exe}" in text
        check(ok, f"desktop-entry: Exec is the bundle {done.stderr.strip()[-80:]}", failures)
        gone = subprocess.run([str(exe), "desktop-entry", "--uninstall"], capture_output=True, text=True, env=env,
                              timeout=120)  # fmt: skip
        check(gone.returncode == 0 and not entry.exists(), "desktop-entry --uninstall removes it", failures)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=Path("dist/CrossyDesktop"))
    args = parser.parse_args()
    suffix = ".exe" if os.name == "nt" else ""  # .github/workflows/bundles.yml runs this on Windows and macOS too
    exe = (args.bundle / (args.bundle.name + suffix)).resolve()  # dist/CrossyDesktop/CrossyDesktop, or the Player
    if not exe.exists():
        print(f"smoke: {exe} not found: build it first with `make package`", file=sys.stderr)
        return 2
    failures: list[str] = []
    before = snapshot(args.bundle)
    for controller, expected in CONTROLLERS.items():
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            result = run(exe, data, controller)
            demos = list((data / "demos").glob("*.demo.npz"))
            last = result.stderr.strip().splitlines()[-1:] if result.returncode else []
            check(result.returncode == 0, f"{controller}: exit code {result.returncode} {last}", failures)
            fell_back = "renderer is not available" in result.stderr  # SDL's renderer (pygame._sdl2) is bundled
            check(not fell_back, f"{controller}: drawn through SDL's renderer, the default", failures)
            check(len(demos) == 1, f"{controller}: {len(demos)} demonstration file written", failures)
            if demos:
                meta = read_meta(demos[0])
                who = meta.controllers
                check(who[0].startswith(expected), f"{controller}: recorded as {who}", failures)
                if controller in PLAYS_WELL:
                    score = meta.score
                    enough = score >= PLAYS_WELL[controller]
                    check(enough, f"{controller}: {score} points in {MAX_FRAMES} frames", failures)
    with tempfile.TemporaryDirectory() as tmp:  # the other way to draw works in the bundle too
        result = run(exe, Path(tmp), "scripted", extra=("--presenter", "surface"))
        last = result.stderr.strip().splitlines()[-1:] if result.returncode else []
        check(result.returncode == 0, f"--presenter surface: exit code {result.returncode} {last}", failures)
    with tempfile.TemporaryDirectory() as tmp:  # presentation mode as a stand starts it: the DQN with its eye on
        present = [str(exe), "present", "--no-fullscreen", "--max-frames", MAX_FRAMES, "--mute"]
        result = run(exe, Path(tmp), "dqn", cmd=present)
        last = result.stderr.strip().splitlines()[-1:] if result.returncode else []
        check(result.returncode == 0, f"present: exit code {result.returncode} {last}", failures)
        check("eye stopped" not in result.stderr, "present: the agent's eye raised no error", failures)
    check_teach(exe, args.bundle.name.endswith("Player"), failures)
    check_no_sweep(exe, args.bundle, failures)
    if sys.platform.startswith("linux"):  # freedesktop menus are Linux's
        check_desktop_entry(exe, failures)
    check_no_formats(exe, args.bundle, Path(__file__).resolve().parent.parent / "models" / "freeway-dqn.safetensors",
                     failures)  # fmt: skip
    check(snapshot(args.bundle) == before, "nothing written inside the bundle", failures)
    if args.bundle.name.endswith("Player"):
        has_torch = (args.bundle / "_internal" / "torch").exists()
        check(not has_torch, "player bundle carries no torch (its DQN ran on numpy)", failures)

    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv"):
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o777)
            result = run(exe, Path(tmp), "dqn", user="nobody")
            demos = list((Path(tmp) / "demos").glob("*.demo.npz"))
            ok = result.returncode == 0 and len(demos) == 1
            check(ok, f"read-only install: runs as nobody (exit {result.returncode}, {len(demos)} demo)", failures)
    else:
        print("skip read-only install check (needs root and setpriv to run as another user)")
    print(f"smoke: {'all checks passed' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
