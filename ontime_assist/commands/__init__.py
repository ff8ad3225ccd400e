"""The headless commands (`check`, `explain`, `discover`): each runs without Qt."""
