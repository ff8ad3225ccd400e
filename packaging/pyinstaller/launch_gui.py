"""Frozen entry point without a console (desktop shortcuts): opens the wizard."""

import sys

from ontime_assist.cli import gui_main

sys.exit(gui_main())
