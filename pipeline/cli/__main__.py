"""``python -m pipeline.cli``: the ``scrutiny`` command."""
from . import main

main()
