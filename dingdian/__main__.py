"""``python -m dingdian``: the ``dingdian`` command (validator.__main__.run, the console script's entry
with its collector settings), for an environment without the script on PATH."""
from validator.__main__ import run

if __name__ == "__main__":
    run()
