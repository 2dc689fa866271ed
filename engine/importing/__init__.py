"""Case abstracts (one JSON record per disputed item) -> case files (``docs/import.md``).

- ``abstracts``: the record model and reading the file, a record at a time;
- ``convert``: the rules and value converters;
- ``keymap``: abstract key -> fact or field, one module per topic;
- ``writer``: the YAML case file, with the reviewer's comments;
- ``importer``: the import run (grouping the records by case) and its report;
- ``case_builder``: building one case from its records (the keys mapped), checking and writing it;
- ``drafts``: the case and items being built; ``table_facts``: the loaded tables' facts;
- ``item_data``: an item's written data (UR, quantities, facts) settled from its keys;
- ``surgery_link``: items serving the case's surgery, linked to it (``primary``);
- ``case_validation``: dates, fields the case model refuses, UR approvals: left out and recorded;
- ``comments``: the header and item comments of a case file.
"""
