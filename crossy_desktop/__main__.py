import multiprocessing
import sys

from crossy_desktop.cli import main

if __name__ == "__main__":  # a helper process (game/starts.py) imports this module too: it must not start the app
    multiprocessing.freeze_support()  # in the bundle, that helper starts through this executable
    sys.exit(main())
