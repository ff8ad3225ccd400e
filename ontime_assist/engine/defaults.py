"""What the command line shares with the engine without loading it: the waits a run allows by
default, and the error for input that cannot be tested as given."""

DEFAULT_TIMEOUT = 10.0  # seconds per network wait of a check
# Thunderbird waits up to 10 s per probe; the whole search for the settings takes at most this.
DEFAULT_SEARCH_SECONDS = 10.0


class SettingsError(ValueError):
    """Input that cannot be tested as given; the message is shown to the user as is."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message
