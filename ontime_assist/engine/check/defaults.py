"""What the command line shares with the engine without loading it: the waits a run allows by
default. (The error for input that cannot be tested as given is in settings_error.py.)"""

DEFAULT_TIMEOUT = 10.0  # seconds per network wait of a check
# Thunderbird waits up to 10 s per probe; the whole search for the settings takes at most this.
DEFAULT_SEARCH_SECONDS = 10.0
