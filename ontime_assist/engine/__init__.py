"""The engine: everything that tests and diagnoses a mail server. No Qt in here, ever."""
