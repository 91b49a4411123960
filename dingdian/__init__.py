"""The distribution's name as an import name, for ``python -m dingdian`` (the same as the ``dingdian``
command). The code lives in ``validator`` (checks and the command line) and ``generators`` (forms)."""
