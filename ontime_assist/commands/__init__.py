"""The headless commands (`check`, `explain`, `discover`): each runs without Qt."""

HEADLESS_COMMANDS = ("check", "explain", "discover")  # each a module in this package
