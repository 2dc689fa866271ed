"""The ``imr`` command line: the outer shell around the engine (and, later, the UI)."""
