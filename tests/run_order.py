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

# Seconds each took on one worker of four on two cores shared with other work (load 3-9),
# by test function, from a whole run of the README's command (2026-12-03, 2,261 tests; the
# type check with a cold mypy cache, as in a clean clone); those of 4 s or more. Every
# parameter of a function counts as long; a function with more than six parameters is left
# to be taken from the ends. Others count as short; a name that no longer matches only loses
# its place at the front.
LONG_TESTS: Mapping[str, float] = {
    "test_architecture.py::test_the_package_type_checks": 41,
    "tui/test_history_first_open.py::test_the_history_screen_is_complete_on_its_first_open_ten_times": 33,
    "e2e/test_concurrency.py::test_the_app_and_other_processes_at_once_lose_nothing": 31,
    "tui/test_tags.py::test_enter_keeps_the_tags_then_the_note": 17,
    "e2e/test_history_ten_times.py::test_a_rating_tags_and_note_survive_other_commands_ten_times": 16,
    "audio/test_voice_e2e.py::test_with_voice_a_steps_instructions_are_heard_for_as_long_as_the_words_need": 15,
    "e2e/test_history_ten_times.py::test_four_copies_on_a_damaged_file_set_it_aside_once_and_all_land_ten_times": 14,
    "tui/test_kept_styles.py::test_every_app_parses_the_rules_textual_would_through_screens_and_themes": 13,
    "figures/test_poses_command.py::test_pictures_saves_every_pose_as_a_png": 13,
    "e2e/test_tmux_stray.py::test_the_app_ends_when_its_terminal_closes_with_a_worker_stuck": 13,
    "tui/test_sizes.py::test_every_screen_opens_at_any_size": 11,
    "e2e/test_tmux_knot_map.py::test_mark_two_spots_and_play_todays_plan": 11,
    "e2e/test_history_ten_times.py::test_a_healthy_file_under_readers_and_writers_is_never_set_aside_ten_times": 11,
    "breaks/test_daemon_bus.py::test_a_session_done_in_another_process_resets_the_break": 11,
    "tui/test_warm_up.py::test_a_screen_looks_the_same_with_every_screen_s_styles_loaded": 9,
    "tui/test_settings_screen.py::test_an_invalid_volume_is_named_and_nothing_is_saved": 9,
    "e2e/test_history_ten_times.py::test_a_session_lands_and_its_clock_goes_on_while_the_lock_is_held_ten_times": 9,
    "tui/test_tags.py::test_w_and_n_put_the_cursor_in_the_fields": 8,
    "tui/test_tags.py::test_clearing_the_tags_removes_them": 8,
    "tui/test_history_same_figures.py::test_the_history_screen_and_the_command_line_tell_the_same_figures": 8,
    "e2e/test_tmux_faults.py::test_resized_to_20x6_and_back_the_session_carries_on": 8,
    "tui/test_settings_screen.py::test_at_44x12_every_field_scrolls_into_view": 7,
    "tui/test_home_many.py::test_a_long_list_makes_its_options_a_page_at_a_time": 7,
    "tui/test_gallery.py::test_typing_chin_shows_only_the_chin_poses": 7,
    "e2e/test_tmux_app.py::test_enter_runs_the_desk_routine_to_completion_and_q_leaves_a_clean_terminal": 7,
    "core/test_settings_save.py::test_toml_values_parse_back": 7,
    "tui/test_tags.py::test_digits_and_letters_go_into_the_field_not_the_keys": 6,
    "tui/test_settings_screen.py::test_the_save_button_saves_a_new_file_with_only_the_changes": 6,
    "tui/test_settings_screen.py::test_a_fixed_value_clears_its_note": 6,
    "tui/test_recording.py::test_the_question_before_can_be_skipped": 6,
    "tui/test_knot_map.py::test_marked_spots_are_saved_and_read_back": 6,
    "hostile/test_output_paths.py::test_history_csv_json_and_screen": 6,
    "e2e/test_faults.py::test_the_start_date_comes_from_the_wall_clock_and_the_time_from_the_monotonic_one": 6,
    "audio/test_voice_e2e.py::test_with_a_warm_cache_each_line_is_heard_after_its_cue_in_order": 6,
    "tui/test_theme_memory.py::test_a_palette_theme_is_offered_in_the_settings_screen": 5,
    "tui/test_tags.py::test_the_starter_triggers_show_while_typing_and_complete_with_right": 5,
    "tui/test_tags.py::test_leaving_with_escape_keeps_what_was_typed": 5,
    "tui/test_tags.py::test_at_44x12_enter_on_the_tags_goes_to_home": 5,
    "tui/test_reminder.py::test_when_due_it_rings_nudges_and_counts_again": 5,
    "tui/test_recording.py::test_the_tension_scale_takes_arrows_and_enter": 5,
    "tui/test_recording.py::test_home_shows_progress_towards_a_daily_goal_of_two": 5,
    "tui/test_recording.py::test_asked_before_and_after_when_the_settings_say_both": 5,
    "tui/test_recording.py::test_a_completed_session_is_kept_with_its_tension_rating": 5,
    "tui/test_hostile_text.py::test_markup_in_a_routine_shows_as_written_and_quits_nothing": 5,
    "tui/test_guide_screen.py::test_a_topic_lists_its_routines_by_name_and_id": 5,
    "tui/test_gallery.py::test_two_words_narrow_it_further": 5,
    "e2e/test_tmux_app.py::test_start_id_pause_holds_the_clock_and_quit_asks_first": 5,
    "core/test_routine.py::test_mutated_files_are_accepted_or_reported_never_raised": 5,
    "audio/test_voice_e2e.py::test_with_a_cold_cache_the_lines_are_rendered_and_none_is_out_of_place": 5,
    "audio/test_voice_e2e.py::test_voice_with_mute_sends_nothing_to_the_sound_system": 5,
    "audio/test_cues_e2e.py::test_with_no_sound_device_the_session_completes_and_only_the_notice_is_printed": 5,
    "tui/test_warm_up.py::test_a_first_open_after_the_warm_up_reads_no_more_css": 4,
    "tui/test_tags.py::test_n_is_not_offered_where_the_note_is_hidden": 4,
    "tui/test_tags.py::test_1_then_0_rates_10": 4,
    "tui/test_settings_screen.py::test_inside_the_app_letters_go_into_the_fields": 4,
    "tui/test_reminder.py::test_no_nudge_during_a_session_until_it_is_stopped": 4,
    "tui/test_recording.py::test_never_asks_nothing": 4,
    "tui/test_player.py::test_home_to_completion_with_pause_resume_and_skip": 4,
    "tui/test_knot_map.py::test_a_click_on_the_body_picks_the_nearest_spot": 4,
    "tui/test_home_plan_offer.py::test_home_offers_todays_plan_and_n_plays_it": 4,
    "tui/test_home_plan_offer.py::test_a_map_just_saved_is_offered_on_home_at_once": 4,
    "tui/test_gallery.py::test_no_match_says_so": 4,
    "tui/test_gallery.py::test_keys_bound_elsewhere_type_into_the_filter": 4,
    "tui/test_gallery.py::test_escape_closes_the_gallery": 4,
    "e2e/test_signals.py::test_a_signal_mid_session_restores_the_terminal_and_keeps_the_time_spent": 4,
    "e2e/test_faults.py::test_kill_9_leaves_a_not_completed_row_and_an_intact_file": 4,
    "breaks/test_daemon_bus.py::test_snooze_brings_the_break_back_after_the_snooze": 4,
    "audio/test_cues_e2e.py::test_the_cues_of_a_routine_reach_the_sound_system_in_order": 4,
    "audio/test_cues_e2e.py::test_mute_sends_nothing_to_the_sound_system": 4,
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
