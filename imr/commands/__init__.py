"""One module per ``imr`` sub-command; each registers itself on ``imr.app.main``."""
