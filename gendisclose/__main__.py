"""``python -m gendisclose`` runs the command line, as ``gendisclose`` does."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line is still loading
    print("已中断。", file=sys.stderr)
    sys.exit(130)

main()
