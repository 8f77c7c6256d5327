"""Pose figures: a body model posed by data (poses.toml) and drawn in braille. No Textual here."""
