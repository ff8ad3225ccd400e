"""Signing in and the envelope: the auth, mail, rcpt and data stages."""
