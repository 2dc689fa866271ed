"""Case abstracts (one JSON record per disputed item) -> case files (``docs/import.md``).

- ``abstracts``: the record model and reading the file, a record at a time;
- ``convert``: the rules and value converters;
- ``keymap``: abstract key -> fact or field, one module per topic;
- ``writer``: the YAML case file, with the reviewer's comments;
- ``importer``: grouping by case, mapping, validating, writing, the report.
"""
