"""Finding the provider and the right settings from an email address alone (`discover`)."""

from ontime_assist.engine.defaults import DEFAULT_SEARCH_SECONDS

__all__ = ["DEFAULT_SEARCH_SECONDS"]
