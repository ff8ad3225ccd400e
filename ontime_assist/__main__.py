import sys

from ontime_assist.cli import main

sys.exit(main())
