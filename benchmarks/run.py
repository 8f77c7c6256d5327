"""knotsession's performance budget, measured side by side with Textual's floor in one run.

    python benchmarks/run.py            full run (about three minutes)
    python benchmarks/run.py --quick    CI: fewer repeats, shorter waits; reports, never fails

Everything runs for real: the app in tmux, the plain runner as a process, the library on
files on disk. Figures that another benchmark module owns (cue latency, history) are run
from here too, so one table says it all.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
HOME_MARKER = "5-minute desk routine"
# The body-area list's title: in the same frame as the start button (a later frame would be
# a screen that looks ready before it is).
LISTS_MARKER = "Body areas"
# The first area's routine list, filled (its title is set with its options).
ROUTINES_MARKER = "Neck · "


@dataclass
class Figure:
    """One row of the table."""

    name: str
    value: str
    reference: str
    budget: str
    ok: bool | None


def knotsession_cmd(*args: str) -> list[str]:
    """The installed program, run with the interpreter running this script."""
    return [sys.executable, "-m", "knotsession", *args]


class Terminal:
    """A tmux server of our own, with one window running a command."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)):
        self.socket = f"bench-{uuid.uuid4().hex[:8]}"
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-s", "b",
             "-x", str(size[0]), "-y", str(size[1]), "exec " + shlex.join(command)],
            env=env, check=True,
        )  # fmt: skip

    def screen(self) -> str:
        """The visible text."""
        return subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", "b"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip

    def wait_for(self, marker: str, timeout_s: float = 30.0) -> float:
        """Seconds from start until `marker` shows on the screen."""
        while marker not in self.screen():
            if time.perf_counter() - self.started > timeout_s:
                raise TimeoutError(f"{marker!r} never appeared:\n{self.screen()}")
            time.sleep(0.002)
        return time.perf_counter() - self.started

    def keys(self, *keys: str) -> None:
        """Press keys in the window."""
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", "b", *keys], check=True)

    def pid(self) -> int:
        """The process in the window."""
        out = subprocess.run(
            ["tmux", "-L", self.socket, "list-panes", "-t", "b", "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return int(out.split()[0])

    def close(self) -> None:
        """Close the terminal (the program gets SIGHUP)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def find_peer(name: str) -> str | None:
    """A program installed beside this interpreter (a venv's bin, as .ci/run installs
    termdown), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the most resident memory the process has had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def quiet_env(home: Path) -> dict[str, str]:
    """A fresh home and XDG folders, so a benchmark never touches a real user's files."""
    env = dict(os.environ)
    for variable, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", "data"),
                          ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / sub)
    env["HOME"] = str(home)
    env["TERM"] = "xterm-256color"
    # The first-run safety note was read: the figures are of home and the player.
    seen = home / "data" / "knotsession" / "safety-note-seen"
    seen.parent.mkdir(parents=True, exist_ok=True)
    seen.touch()
    # Measure the program as pip installs it: with its bytecode compiled and kept.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_bytecode() -> None:
    """Write the .pyc files pip would have written, so no run pays for compiling."""
    import compileall

    import knotsession

    compileall.compile_dir(Path(knotsession.__file__).parent, quiet=1)
    compileall.compile_file(str(HERE / "floor_app.py"), quiet=1)


class Paint(NamedTuple):
    """One start in a terminal: seconds until the marker showed, until `then` showed as
    well (0 without it), and the peak RSS (MiB) once painted."""

    first_s: float
    then_s: float
    peak_mib: float


def paint_once(command: list[str], marker: str, env: dict[str, str], then: str = "") -> Paint:
    """Start `command` in a fresh terminal and time its first paint."""
    terminal = Terminal(command, env)
    try:
        first_s = terminal.wait_for(marker)
        then_s = terminal.wait_for(then) if then else 0.0
        time.sleep(0.3)  # let the first frame settle before reading memory
        return Paint(first_s, then_s, peak_rss_mib(terminal.pid()))
    finally:
        terminal.close()


def medians(paints: list[Paint]) -> Paint:
    """Each figure's median over the runs."""
    return Paint(*(statistics.median(column) for column in zip(*paints, strict=True)))


def cpu_while_running(
    command: list[str], marker: str, env: dict[str, str], seconds: float
) -> float:
    """Percent of one core the program uses once `marker` shows, over `seconds`."""
    terminal = Terminal(command, env)
    try:
        terminal.wait_for(marker)
        time.sleep(1.5)  # start-up work is not the steady state
        pid = terminal.pid()
        before, started = cpu_seconds(pid), time.perf_counter()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(pid) - before, time.perf_counter() - started
        return 100 * used / elapsed
    finally:
        terminal.close()


def write_routine(folder: Path, routine_id: str, seconds: int, *, pose: str | None = None) -> None:
    """A one-step routine of `seconds`, no lead-in."""
    pose_line = f'pose = ["{pose}", "{pose}"]\n' if pose else ""
    (folder / f"{routine_id}.toml").write_text(
        f'name = "Bench {seconds}"\nareas = ["neck"]\nlead_in = 0\n\n'
        f'[[steps]]\nname = "Hold still"\nduration = {seconds}\n{pose_line}'
    )


def plain_session_s(routine_id: str, folder: Path, env: dict[str, str]) -> float:
    """Wall seconds of a plain-mode run of a routine, from its first step's line to its
    "Done" line as they arrive (each is flushed): the session's own timing, without the
    process's start-up and exit, which vary by tens of milliseconds from run to run."""
    command = knotsession_cmd("--routines", str(folder), "--mute", "start", routine_id, "--plain")
    first_step = done = 0.0
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if "Step 1/" in line:
                first_step = time.perf_counter()
            elif "Done:" in line:
                done = time.perf_counter()
    if process.returncode != 0 or not first_step or not done:
        raise RuntimeError(f"the plain run of {routine_id} did not finish")
    return done - first_step


def library_load_ms(count: int, repeats: int, *, cached: bool = False) -> float:
    """Median milliseconds to load `count` routine files (`cached`: from the parsed-routine
    cache an earlier run left, as every start after the first does)."""
    from knotsession.core.library import RoutineSource, load_library, sound_names
    from knotsession.core.routine_cache import RoutineCache

    sample = (REPO / "routines" / "desk-5.toml").read_bytes()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number in range(count):
            (folder / f"routine-{number:04d}.toml").write_bytes(sample)
        cues = sound_names()
        times = []
        if cached:
            load_library([RoutineSource(folder, "extra")], cues, None,
                         RoutineCache.open(folder / ".cache", cues, None))  # fmt: skip
        for _ in range(repeats):
            started = time.perf_counter()
            cache = RoutineCache.open(folder / ".cache", cues, None) if cached else None
            library = load_library([RoutineSource(folder, "extra")], cues, None, cache)
            times.append(time.perf_counter() - started)
            assert len(library.summaries) == count, library.problems[:3]
    return 1000 * statistics.median(times)


def optional(name: str, run: Callable[[], list[Figure]]) -> list[Figure]:
    """Run a figure group, reporting rather than failing when its part is missing."""
    try:
        return run()
    except Exception as error:  # a benchmark reports; it does not stop the table
        return [Figure(name, f"not measured: {error}".splitlines()[0][:60], "", "", None)]


def measure(quick: bool) -> list[Figure]:
    """Every figure of the budget."""
    repeats = 3 if quick else 9
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        env = quiet_env(scratch_path / "home")
        routines = scratch_path / "routines"
        routines.mkdir()

        floor_command = [sys.executable, str(HERE / "floor_app.py")]

        def paint() -> list[Figure]:
            floor_runs, app_runs = [], []
            # Starts are quick but noisy on shared cores: a few more of them than of the rest.
            for _ in range(repeats + 2):  # taking turns, so a busy moment hits both alike
                floor_runs.append(paint_once(floor_command, "upper-back", env))
                app_runs.append(paint_once(knotsession_cmd(), HOME_MARKER, env, LISTS_MARKER))
            floor_s, _, floor_mib = medians(floor_runs)
            app_s, lists_s, app_mib = medians(app_runs)
            paint_ms, lists_ms, floor_ms = app_s * 1000, lists_s * 1000, floor_s * 1000
            return [
                Figure("first paint (tmux)", f"{paint_ms:.0f} ms ({app_s / floor_s:.2f}x)",
                       f"floor {floor_ms:.0f} ms",
                       "<= 1.25x floor", app_s <= 1.25 * floor_s),
                Figure("home screen complete, lists shown (tmux)",
                       f"{lists_ms:.0f} ms ({lists_s / floor_s:.2f}x)", f"floor {floor_ms:.0f} ms",
                       "", None),
                Figure("peak RSS at home", f"{app_mib:.1f} MiB", f"floor {floor_mib:.1f} MiB",
                       "<= 1.35x floor", app_mib <= 1.35 * floor_mib),
            ]  # fmt: skip

        figures += optional("first paint", paint)

        def cpu() -> list[Figure]:
            seconds = 5.0 if quick else 20.0
            write_routine(routines, "bench-long", 600)
            write_routine(routines, "bench-figure", 600, pose="neck-side-tilt")
            app = cpu_while_running(
                knotsession_cmd("--routines", str(routines), "--mute", "start", "bench-long"),
                "Hold still", env, seconds,
            )  # fmt: skip
            rows = [Figure("CPU while a step runs", f"{app:.2f} %", "", "<= 2 %", app <= 2.0)]
            figure = cpu_while_running(
                knotsession_cmd("--routines", str(routines), "--mute", "start", "bench-figure"),
                "Hold still", env, seconds,
            )  # fmt: skip
            rows.append(
                Figure("CPU, animated figure", f"{figure:.2f} %", "", "<= 2 %", figure <= 2.0)
            )
            termdown = find_peer("termdown")
            if termdown:
                peer = cpu_while_running([termdown, "600"], "", env, seconds)
                rows.append(Figure("CPU, termdown counting", f"{peer:.2f} %", "peer", "", None))
            return rows

        figures += optional("CPU while a step runs", cpu)

        def peer_memory() -> list[Figure]:
            termdown = find_peer("termdown")
            if not termdown:
                return [
                    Figure("termdown RSS", "not installed (pip install termdown)", "peer", "", None)
                ]
            runs = [paint_once([termdown, "600"], "", env) for _ in range(repeats)]
            peer_mib = medians(runs).peak_mib
            return [Figure("termdown peak RSS", f"{peer_mib:.1f} MiB", "peer", "", None)]

        figures += optional("termdown", peer_memory)

        def drift() -> list[Figure]:
            long_s = 10 if quick else 60
            write_routine(routines, "bench-one", 1)
            write_routine(routines, "bench-many", long_s)
            short = plain_session_s("bench-one", routines, env)
            long = plain_session_s("bench-many", routines, env)
            gap = long - short
            error = abs(gap - (long_s - 1))
            return [Figure(f"timing: {long_s} s vs 1 s routine", f"{gap:.3f} s later",
                           f"expected {long_s - 1} s", "within 0.1 s", error <= 0.1)]  # fmt: skip

        figures += optional("timing", drift)

    def loading() -> list[Figure]:
        ms = library_load_ms(1000, 3 if quick else 7)
        rows = [Figure("load 1,000 routine files", f"{ms:.0f} ms", "", "< 300 ms", ms < 300)]
        parsed = library_load_ms(10_000, 3)
        cached = library_load_ms(10_000, 3, cached=True)
        rows.append(
            Figure(
                "load 10,000 routine files, parsed cache",
                f"{cached:.0f} ms",
                f"parsing them {parsed:.0f} ms ({parsed / cached:.1f}x)",
                "",
                None,
            )
        )
        return rows

    figures += optional("routine loading", loading)
    # The budgets of a running step, each program taking turns with its reference.
    play_rounds, play_s = (3, 8.0) if quick else (5, 20.0)
    figures += optional("playing", lambda: _module_figures("play_cost", play_rounds, play_s))
    figures += optional("10,000 routine files", lambda: many_routines(repeats))
    # One open per program: three even in quick mode, or one busy moment moves a ratio a lot.
    figures += optional("screen opens", lambda: _module_figures("screen_open", 3 if quick else 5))
    figures += optional("loop stalls", lambda: _module_figures("loop_lag", 3 if quick else 5))
    figures += optional("cue latency", lambda: _module_figures("cue_latency", quick))
    figures += optional("cue at the device", lambda: _module_figures("cue_at_device", quick))
    figures += optional("history", lambda: _module_figures("history_bench", quick))
    # Writing 1,000,000 sessions takes SQLite about ten seconds: in quick mode too.
    figures += optional("big history", lambda: _module_figures("big_history", 1_000_000, 3))
    return figures


def many_routines(repeats: int) -> list[Figure]:
    """First paint and memory of home with 10,000 routine files in `--routines` (parsed
    once by an earlier start, as every start after the first finds them) against the
    bundled set alone, taking turns. Home is complete when the first area's routines are
    listed (their title, `Neck · N routines`, is set with the list's options)."""
    sample = (REPO / "routines" / "desk-5.toml").read_text()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        env = quiet_env(scratch_path / "home")
        folder = scratch_path / "many"
        folder.mkdir()
        for number in range(10_000):
            text = sample.replace('name = "', f'name = "{number:05d} ', 1)
            (folder / f"routine-{number:05d}.toml").write_text(text)
        many_cmd = knotsession_cmd("--routines", str(folder))
        # A first start paints after parsing a few hundred and reads the rest in a worker;
        # the neck list's title then counts them all. Each under a folder name of its own,
        # so each finds all 10,000 new.
        first = paint_once(fresh_name(folder, "a"), HOME_MARKER, env, ROUTINES_MARKER)
        all_read = f"Neck · {10_000 + bundled_in_area('neck')} routines"
        first_read = paint_once(fresh_name(folder, "b"), HOME_MARKER, env, all_read)
        # Fill the cache as a start that was left open until all were read would.
        subprocess.run([*many_cmd, "list"], env=env, stdout=subprocess.DEVNULL, check=True)
        bundled_runs, many_runs = [], []
        for _ in range(repeats):
            bundled_runs.append(paint_once(knotsession_cmd(), HOME_MARKER, env, ROUTINES_MARKER))
            many_runs.append(paint_once(many_cmd, HOME_MARKER, env, ROUTINES_MARKER))
    bundled, many = medians(bundled_runs), medians(many_runs)
    time_ratio, mem_ratio = many.then_s / bundled.then_s, many.peak_mib / bundled.peak_mib
    return [
        Figure("home complete with 10,000 routine files (tmux)",
               f"{1000 * many.then_s:.0f} ms ({time_ratio:.2f}x)",
               f"bundled set {1000 * bundled.then_s:.0f} ms", "<= 1.5x", time_ratio <= 1.5),
        Figure("peak RSS at home with 10,000 routine files",
               f"{many.peak_mib:.1f} MiB ({mem_ratio:.2f}x)",
               f"bundled set {bundled.peak_mib:.1f} MiB", "<= 1.5x", mem_ratio <= 1.5),
        Figure("home complete with 10,000 new routine files, first start (200 parsed)",
               f"{1000 * first.then_s:.0f} ms", f"{first.peak_mib:.1f} MiB peak once painted",
               "", None),
        Figure("every one of 10,000 new routine files listed, first start",
               f"{1000 * first_read.then_s:.0f} ms", "read in a worker after the first paint",
               "", None),
    ]  # fmt: skip


def bundled_in_area(area: str) -> int:
    """How many bundled routines work on `area`."""
    from knotsession import paths
    from knotsession.core.library import RoutineSource, load_library, sound_names
    from knotsession.figures.names import pose_names

    source = RoutineSource(paths.bundled_routines_dir(), "bundled")
    return len(load_library([source], sound_names(), pose_names()).in_area(area))


def fresh_name(folder: Path, name: str) -> list[str]:
    """The app on `folder` under another name (a symlink): a cache of its own."""
    link = folder.with_name(f"{folder.name}-{name}")
    link.symlink_to(folder, target_is_directory=True)
    return knotsession_cmd("--routines", str(link))


def _module_figures(module: str, *options: object) -> list[Figure]:
    """Figures from a sibling benchmark module's `figures(...) -> list[tuple]`."""
    sys.path.insert(0, str(HERE))
    loaded = __import__(module)
    return [Figure(*row) for row in loaded.figures(*options)]


def table(figures: list[Figure]) -> str:
    """A Markdown table."""
    lines = [
        "| figure | knotsession | reference | budget | within |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        verdict = {True: "yes", False: "**no**", None: ""}[f.ok]
        lines.append(f"| {f.name} | {f.value} | {f.reference} | {f.budget} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (CI)")
    args = parser.parse_args()
    compile_bytecode()
    if not shutil.which("tmux"):
        print("tmux is needed for the terminal figures", file=sys.stderr)
    print(table(measure(args.quick)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
