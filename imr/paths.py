"""``--out`` paths: see ``engine.output_paths`` (shared with the review UI, which imports no ``imr``)."""

from engine import is_folder_path, prepare_out

__all__ = ["is_folder_path", "prepare_out"]
