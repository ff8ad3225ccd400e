"""Finding the provider and the right settings from an email address alone (`discover`)."""

# Thunderbird waits up to 10 s per probe; the whole search here takes at most this long.
DEFAULT_SEARCH_SECONDS = 10.0
