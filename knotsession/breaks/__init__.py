"""The break reminder that runs in the background: the desktop, the terminal, the service.

The rules (when a break is due, which routine) are pure functions in `knotsession.core`;
this package talks to the outside world: D-Bus, terminals, tmux, systemd and launchd.
"""
