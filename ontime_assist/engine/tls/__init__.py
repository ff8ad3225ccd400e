"""TLS and certificates: the verifying context, STARTTLS, the TLS hello, refused certificates."""
