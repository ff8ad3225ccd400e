"""OnTime Assist: finds out why OnTime's notification emails are not going out."""

__version__ = "0.1.0"
APP_NAME = "OnTime Assist"
