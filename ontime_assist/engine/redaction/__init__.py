"""Keeping secrets out of what is written: the Secret, the redactor, scrubbing pasted text."""
