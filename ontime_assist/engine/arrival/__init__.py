"""Did the test message arrive: looking for it in the account's mailbox over IMAP."""
