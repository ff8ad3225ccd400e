"""Frozen entry point with a console: `ontime-assist check …`, `--self-test`, or the wizard."""

import sys

from ontime_assist.cli import main

sys.exit(main())
