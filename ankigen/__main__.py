"""``python -m ankigen``: the same as the ``ankigen`` command."""

import sys

from .cli import main

if __name__ == "__main__":  # not when a process-pool worker re-imports this module (spawn: macOS, Windows)
    sys.exit(main())
