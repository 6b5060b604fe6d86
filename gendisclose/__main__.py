"""``python -m gendisclose`` runs the command line, as ``gendisclose`` does."""

from .cli import main

main()
