"""The check that runs the stages: its settings, its running state and its result."""
