"""The order the suite runs in: the longest tests first on every worker.

pytest-xdist's worksteal hands each of N workers one N-th of the collection, in order, and
idle workers then take the second half of the longest queue. A long test near the end of a
share starts late and holds up the whole run while the other workers are done, so each
share starts with its long tests (dealt out so that every worker gets about as many seconds
of them) and ends with short ones, which are what gets taken. Nothing else changes order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# Seconds each took on one worker of four on two busy cores (--durations, 2026-12-03),
# by test function: every parameter of it counts as long. Others count as short; a name
# that no longer matches only loses its place at the front.
LONG_TESTS: Mapping[str, float] = {
    "e2e/test_concurrency.py::test_the_app_and_other_processes_at_once_lose_nothing": 31,
    "tui/test_history_first_open.py::test_the_history_screen_is_complete_on_its_first_open_ten_times": 30,
    "e2e/test_history_ten_times.py::test_a_rating_tags_and_note_survive_other_commands_ten_times": 16,
    "tui/test_tags.py::test_a_failed_write_is_told_once_on_the_completion_screen": 15,
    "tui/test_tags.py::test_enter_keeps_the_tags_then_the_note": 15,
    "audio/test_voice_e2e.py::test_with_voice_a_steps_instructions_are_heard_for_as_long_as_the_words_need": 14,
    "e2e/test_history_ten_times.py::test_a_healthy_file_under_readers_and_writers_is_never_set_aside_ten_times": 14,
    "test_architecture.py::test_the_package_type_checks": 12,
    "tui/test_gallery.py::test_typing_chin_shows_only_the_chin_poses": 12,
    "breaks/test_daemon_bus.py::test_a_session_done_in_another_process_resets_the_break": 12,
    "tui/test_gallery.py::test_two_words_narrow_it_further": 12,
    "tui/test_sizes.py::test_every_screen_opens_at_any_size": 11,
    "tui/test_settings_wiring.py::test_a_new_lead_in_applies_to_the_next_session": 10,
    "tui/test_warm_up.py::test_a_screen_looks_the_same_with_every_screen_s_styles_loaded": 8,
    "tui/test_player_figure.py::test_help_over_the_player_stops_the_figure_too": 8,
    "e2e/test_history_ten_times.py::test_four_copies_on_a_damaged_file_set_it_aside_once_and_all_land_ten_times": 8,
    "e2e/test_tmux_faults.py::test_resized_to_20x6_and_back_the_session_carries_on": 8,
    "e2e/test_tmux_app.py::test_enter_runs_the_desk_routine_to_completion_and_q_leaves_a_clean_terminal": 7,
    "e2e/test_faults.py::test_the_start_date_comes_from_the_wall_clock_and_the_time_from_the_monotonic_one": 7,
    "tui/test_recording.py::test_a_session_skipped_through_says_why_it_does_not_count": 7,
    "e2e/test_tmux_knot_map.py::test_mark_two_spots_and_play_todays_plan": 7,
    "figures/test_poses_command.py::test_pictures_saves_every_pose_as_a_png": 7,
    "tui/test_player_figure.py::test_at_44x12_the_figure_is_dropped_first": 6,
    "e2e/test_history_ten_times.py::test_a_session_lands_and_its_clock_goes_on_while_the_lock_is_held_ten_times": 6,
    "breaks/test_daemon_bus.py::test_start_runs_the_suggested_routine_in_the_terminal_set": 6,
    "breaks/test_daemon_bus.py::test_an_hour_idle_is_a_break_no_notification": 6,
    "e2e/test_signals.py::test_a_signal_mid_session_restores_the_terminal_and_keeps_the_time_spent": 6,
    "tui/test_settings_screen.py::test_values_out_of_range_are_refused": 6,
    "tui/test_player_figure.py::test_a_step_without_a_pose_hides_the_slot": 6,
    # Measured the same way on a quiet machine after the stray-process and sound tests came.
    "e2e/test_tmux_stray.py::test_the_app_ends_when_its_terminal_closes_with_a_worker_stuck": 12,
    "audio/test_voice_e2e.py::test_with_a_warm_cache_each_line_is_heard_after_its_cue_in_order": 5,
    "audio/test_voice_e2e.py::test_voice_with_mute_sends_nothing_to_the_sound_system": 5,
    "audio/test_voice_e2e.py::test_with_a_cold_cache_the_lines_are_rendered_and_none_is_out_of_place": 5,
    "audio/test_cues_e2e.py::test_the_cues_of_a_routine_reach_the_sound_system_in_order": 5,
    "breaks/test_daemon_bus.py::test_snooze_brings_the_break_back_after_the_snooze": 4,
    # Started late on a busy machine after the collector was tuned (conftest.py), 2026-12-03.
    "tui/test_kept_styles.py::test_every_app_parses_the_rules_textual_would_through_screens_and_themes": 7,
}


def shares(count: int, workers: int) -> list[int]:
    """How many of `count` tests worksteal first hands each of `workers` workers."""
    sizes = []
    left = count
    for given in range(workers):
        size = left // (workers - given)
        sizes.append(size)
        left -= size
    return sizes


def long_first(items: Sequence[T], seconds: Callable[[T], float], workers: int) -> list[T]:
    """`items` with every worker's share starting with its long tests, longest first.

    Long tests (`seconds` > 0) go to the share with the fewest seconds so far that has room;
    short ones fill the shares in their collected order."""
    sizes = shares(len(items), max(workers, 1))
    taken: list[list[T]] = [[] for _ in sizes]
    load = [0.0] * len(sizes)
    for item in sorted((i for i in items if seconds(i) > 0), key=seconds, reverse=True):
        share = min(
            (n for n in range(len(sizes)) if len(taken[n]) < sizes[n]), key=load.__getitem__
        )
        taken[share].append(item)
        load[share] += seconds(item)
    short = iter([item for item in items if seconds(item) <= 0])
    for share, size in zip(taken, sizes, strict=True):
        share.extend(islice(short, size - len(share)))
    return [item for share in taken for item in share]
