"""Studio: ``kompass studio``, the local web app in which an evaluator does in a browser what the commands do.

A face like ``cli/``: no business logic of its own. Its pages call the functions the commands
call and write the same files, so the evaluation folders stay the single source of truth.
``server`` starts it on 127.0.0.1; ``app`` holds the pages, ``guard`` the defences.
"""

__all__ = ["app", "server"]
