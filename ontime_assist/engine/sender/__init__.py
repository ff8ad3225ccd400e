"""Will receivers trust the notifications? SPF, DKIM and DMARC of the From address's domain,
judged for the way this account sends (check.check_sender is the entry point)."""
