"""The pure core: routines, the session engine, history and settings. No Textual, no audio."""
