"""One module per troubleshooting step."""
