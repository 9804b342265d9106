"""``python -m crawler`` runs the edunotice CLI."""

from crawler.cli import main

main()
