"""One module per command line command, each with `run(args) -> int`."""
