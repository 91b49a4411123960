"""``python -m dingdian``: the ``dingdian`` command, for an environment without its script on PATH."""
from validator.cli import main

main()
