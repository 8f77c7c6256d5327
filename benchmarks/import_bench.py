"""`knotsession history import` of a large CSV: time and peak memory of the real process.

    python benchmarks/import_bench.py                   1,000,000 rows
    python benchmarks/import_bench.py --rows 100000

The CSV is written as `history --csv` writes it (every column), one session every
5 minutes from 2016 on; the import runs as a real process with XDG_DATA_HOME pointing at
a fresh folder, and its peak resident memory is read from getrusage(RUSAGE_CHILDREN).
Not a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HEADER = (
    "started_at,routine_id,duration_s,completed,areas,routine_name,steps_done,steps_total,"
    "tension_before,tension_after,note,tags\n"
)


def write_csv(path: Path, rows: int) -> None:
    """`rows` sessions, streamed to disk."""
    start = datetime(2016, 1, 1, 8, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for number in range(rows):
            when = (start + timedelta(minutes=5 * number)).isoformat()
            done = "true" if number % 7 else "false"
            out.write(f"{when},desk-5,300,{done},neck;shoulders,Desk reset,4,4,6,3,,stress\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_file = Path(folder) / "big.csv"
        write_csv(csv_file, args.rows)
        env = {**os.environ, "XDG_DATA_HOME": str(Path(folder) / "data")}
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "knotsession", "history", "import", str(csv_file)],
            env=env,
            capture_output=True,
            text=True,
        )
        wall_s = time.monotonic() - began
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(done.stdout.strip() or done.stderr.strip())
        print(f"rows: {args.rows:,}  csv: {csv_file.stat().st_size / 2**20:.0f} MiB")
        print(
            f"import: {wall_s:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU"
            f"  peak memory: {usage.ru_maxrss / 1024:.0f} MiB  load: {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
