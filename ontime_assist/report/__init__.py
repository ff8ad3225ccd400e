"""The summary for the provider or OnTime support: one document, four renderings."""
