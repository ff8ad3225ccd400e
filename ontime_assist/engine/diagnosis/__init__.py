"""Reading server replies and pasted messages into findings, with fixes for the provider."""
