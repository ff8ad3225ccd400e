"""Reaching the server and speaking SMTP: connecting, what the port speaks, replies, transcript."""
