"""Case files and per-item determinations."""
