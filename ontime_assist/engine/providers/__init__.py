"""Recognising the mail provider, and what its dated sign-in policy means today."""
