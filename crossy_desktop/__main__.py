import sys

from crossy_desktop.cli import main

sys.exit(main())
