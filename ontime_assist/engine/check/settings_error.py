"""The error for input that cannot be tested as given. Its own module so the command line and
the wizard's rules can catch it without loading the settings' validators."""


class SettingsError(ValueError):
    """Input that cannot be tested as given; the message is shown to the user as is."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message
