"""``python -m archive`` runs the edunotice CLI."""

from archive.cli import main

main()
