"""Finding the provider and the right settings from an email address alone (`discover`)."""
