"""`knotsession doctor`: versions, folders, routines, and the sound and speech in use.

What someone filing a bug (or wondering why there is no sound) needs in one screen.
Each line is a label and what was found; what is missing says how to add it.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knotsession import __version__, paths
from knotsession.core.text import shown, shown_json

if TYPE_CHECKING:
    from knotsession.audio.player import CuePlayer

LABEL_WIDTH = 16
READY_TIMEOUT_S = 10.0
SIMPLEAUDIO_HINT = (
    "pip install 'knotsession[simpleaudio]' (building it needs ALSA's headers: "
    "apt-get install libasound2-dev)"
)
SPEECH_HINT = "apt-get install espeak-ng, or pip install 'knotsession[voice]'"
# The same hints where apt-get is not the package manager.
HINTS_BY_SYSTEM = {
    "linux": (
        "pip install 'knotsession[simpleaudio]' (building it needs ALSA's headers: "
        "alsa-lib-devel or libasound2-dev from your package manager)",
        "install espeak-ng with your package manager, or pip install 'knotsession[voice]'",
    ),
    "darwin": (
        "pip install 'knotsession[simpleaudio]'",
        "brew install espeak-ng, or pip install 'knotsession[voice]' (macOS's say also works)",
    ),
    "win32": (
        "pip install 'knotsession[simpleaudio]'",
        "pip install 'knotsession[voice]' (the Windows voices), or winget install espeak-ng",
    ),
}


def install_hints(
    platform: str = sys.platform, os_release: Path = Path("/etc/os-release")
) -> tuple[str, str]:
    """(how to add simpleaudio, how to add a speech engine) on this system: apt-get only on
    Debian and its derivatives, brew on macOS, pip or winget on Windows."""
    if platform.startswith("linux"):
        try:
            release = os_release.read_text(encoding="utf-8", errors="replace").lower()
        except OSError:
            release = ""
        if "debian" in release or "ubuntu" in release:
            return SIMPLEAUDIO_HINT, SPEECH_HINT
        return HINTS_BY_SYSTEM["linux"]
    return HINTS_BY_SYSTEM.get(platform, HINTS_BY_SYSTEM["linux"])


VOICE_OFF = "off (turn it on with --voice, or voice = true in config.toml)"

Printer = Callable[[str], None]


def line(label: str, value: str, indent: int = 2) -> str:
    """`  label           value`."""
    return f"{' ' * indent}{label:<{LABEL_WIDTH}}{value}"


def home_relative(path: Path) -> str:
    """A folder as `~/...` when it is under the home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


def folder_state(path: Path) -> str:
    """The folder, and whether it exists yet."""
    return home_relative(path) + ("" if path.exists() else "  (not created yet)")


def package_version(name: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def module_state(module: str, hint: str) -> str:
    """`installed (simpleaudio 1.0.4)`, or `not installed: <how>`, or why it fails to import."""
    if importlib.util.find_spec(module) is None:
        return f"not installed: {hint}"
    try:
        importlib.import_module(module)
    except ImportError as error:
        return f"installed but cannot be imported ({error})"
    # A fork may provide the module (simpleaudio-patched provides simpleaudio).
    providers = importlib.metadata.packages_distributions().get(module, [])
    found = [f"{name} {package_version(name)}" for name in providers if package_version(name)]
    return f"installed ({', '.join(found)})" if found else "installed"


def report_versions(say: Printer) -> None:
    """knotsession, Python and Textual versions."""
    say(f"knotsession {__version__}")
    say(line("Python", f"{platform.python_version()} ({sys.executable})", indent=0))
    say(line("Textual", package_version("textual") or "not installed", indent=0))


def report_folders(say: Printer) -> None:
    """Every folder knotsession reads or writes, and whether it exists yet."""
    say("")
    say("Folders")
    say(line("config", folder_state(paths.config_dir())))
    say(line("settings", folder_state(paths.settings_file())))
    say(line("data", folder_state(paths.data_dir())))
    say(line("cache", folder_state(paths.cache_dir())))
    say(line("your routines", folder_state(paths.user_routines_dir())))
    say(line("your sounds", folder_state(paths.user_sounds_dir())))


def report_routines(say: Printer, extra_dirs: list[Path]) -> None:
    """How many routines load, and each problem on its own line."""
    from knotsession.core.errors import DataFileError
    from knotsession.core.library import load_default_library
    from knotsession.figures.names import pose_names

    try:
        library = load_default_library(extra_dirs, known_poses=pose_names())
    except DataFileError as error:  # a broken file the whole library depends on (poses)
        say("")
        say(line("Routines", "none loaded, 1 problem", indent=0))
        say(f"  {error}")
        return
    count, problems = len(library.summaries), library.problems
    noun = "problem" if len(problems) == 1 else "problems"
    say("")
    say(line("Routines", f"{count} loaded, {len(problems)} {noun}", indent=0))
    for problem in problems:
        say(f"  {problem}")
    for override in library.overrides:
        say(f"  note: {override}")


def report_sound(say: Printer, mute: bool | None, open_player: Callable[..., CuePlayer]) -> None:
    """The backend a cue player opens here, why others were passed over, and the extras."""
    from knotsession.audio.backends import BACKEND_ENV
    from knotsession.core.library import sound_names
    from knotsession.core.settings import load_settings

    settings = load_settings()
    # Probe with sound on, so doctor tells what would play even for someone who mutes it.
    player = open_player(mute=False, volume=settings.volume, audio=settings.audio)
    ready = player.wait_ready(READY_TIMEOUT_S)
    say("")
    say("Sound")
    backend = player.backend_name if ready else "still starting (the device does not answer)"
    forced = os.environ.get(BACKEND_ENV, "").strip()
    if forced:
        backend += f" ({BACKEND_ENV}={forced})"
    elif settings.audio != "auto":
        backend += f' (audio = "{settings.audio}" in config.toml)'
    say(line("backend", backend))
    if player.notice:
        say(line("notice", player.notice))
    for number, (name, reason) in enumerate(player.backend_reasons.items()):
        say(line("tried first" if number == 0 else "", f"{name}: {reason}"))
    muted_by = "--mute" if mute else ("config.toml" if settings.mute else None)
    say(line("mute", f"on ({muted_by})" if muted_by else "off"))
    say(line("volume", str(settings.volume)))
    say(line("simpleaudio", module_state("simpleaudio", install_hints()[0])))
    say(line("miniaudio", module_state("miniaudio", "pip install miniaudio")))
    ffmpeg = shutil.which("ffmpeg") or shutil.which("avconv")
    say(line("ffmpeg", ffmpeg or "not found (needed only for your own non-WAV sounds)"))
    say(line("cues", ", ".join(sorted(sound_names())) or "none found"))
    player.close()


def report_speech(say: Printer, voice: bool | None = None) -> None:
    """The speech engine, or how to install one, and whether spoken guidance is on."""
    from knotsession.audio.speech import speech_engine_status
    from knotsession.core.settings import load_settings

    espeak = shutil.which("espeak-ng") or shutil.which("espeak")
    say("")
    say("Speech")
    say(line("espeak-ng", espeak or f"not found: {install_hints()[1]}"))
    say(line("pyttsx3", module_state("pyttsx3", "pip install 'knotsession[voice]'")))
    engine, hint = speech_engine_status()
    say(line("engine", engine or f"none, so cues only: {hint}"))
    turned_on_by = "--voice" if voice else ("config.toml" if load_settings().voice else None)
    say(line("voice", f"on ({turned_on_by})" if turned_on_by else VOICE_OFF))
    say(line("cache", speech_cache_line()))


def speech_cache_line() -> str:
    """`3.1 MiB in 120 lines, limit 64 MiB (least recently used go first)`."""
    from knotsession.audio import speech_cache
    from knotsession.audio.narrator import speech_cache_dir
    from knotsession.core.wording import plural

    used = speech_cache.usage(speech_cache_dir())
    return (
        f"{used.size_bytes / 2**20:.1f} MiB in {plural(used.lines, 'line')}, limit"
        f" {speech_cache.LIMIT_BYTES / 2**20:.0f} MiB (least recently used go first)"
    )


def speech_cache_json() -> dict[str, int]:
    """The spoken-line cache's size, line count and limit."""
    from knotsession.audio import speech_cache
    from knotsession.audio.narrator import speech_cache_dir

    used = speech_cache.usage(speech_cache_dir())
    return {"bytes": used.size_bytes, "lines": used.lines, "limit_bytes": speech_cache.LIMIT_BYTES}


def json_report(args: argparse.Namespace, open_player: Callable[..., Any]) -> dict[str, Any]:
    """What the text report says, as data for scripts and bug reports."""
    from knotsession.audio.speech import speech_engine_status
    from knotsession.commands.locate import all_paths
    from knotsession.core.library import load_default_library
    from knotsession.core.routine import RoutineError
    from knotsession.core.settings import load_settings
    from knotsession.figures.names import pose_names

    settings = load_settings()
    try:
        library = load_default_library(list(args.routines or []), known_poses=pose_names())
        routines = {
            "loaded": len(library.summaries),
            "problems": [str(problem) for problem in library.problems],
        }
    except RoutineError as error:
        routines = {"loaded": 0, "problems": [str(error)]}
    player = open_player(mute=False, volume=settings.volume, audio=settings.audio)
    ready = player.wait_ready(READY_TIMEOUT_S)
    sound = {
        "backend": player.backend_name if ready else None,
        "tried_first": dict(player.backend_reasons),
        "notice": player.notice,
        "audio_setting": settings.audio,
        "mute": bool(args.mute or settings.mute),
        "volume": settings.volume,
        "simpleaudio": package_version("simpleaudio") or package_version("simpleaudio-patched"),
        "miniaudio": package_version("miniaudio"),
    }
    player.close()
    engine, where = speech_engine_status()
    return {
        "knotsession": __version__,
        "python": platform.python_version(),
        "platform": sys.platform,
        "textual": package_version("textual"),
        "paths": {name: str(path) for name, path in all_paths().items()},
        "routines": routines,
        "sound": sound,
        "speech": {
            "engine": engine,
            "where": where if engine else None,
            "hint": None if engine else where,
            "voice": bool(getattr(args, "voice", None) or settings.voice),
            "cache": speech_cache_json(),
        },
    }


def run(args: argparse.Namespace, open_player: Callable[..., CuePlayer] | None = None) -> int:
    """Print the report; always 0 (use `validate` to fail on broken routines)."""
    if open_player is None:
        from knotsession.audio import open_cue_player

        open_player = open_cue_player
    if getattr(args, "json", False):
        import json

        print(shown_json(json.dumps(json_report(args, open_player), indent=2, ensure_ascii=False)))
        return 0

    def say(text: str) -> None:
        print(shown(text), flush=True)  # folder and file names come from outside

    report_versions(say)
    report_folders(say)
    report_routines(say, list(args.routines or []))
    report_sound(say, args.mute, open_player)
    report_speech(say, getattr(args, "voice", None))
    return 0
