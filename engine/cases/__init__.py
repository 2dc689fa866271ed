"""Case files and per-item determinations.

``model`` (the pydantic case file), ``loader`` (``load_case``), ``facts`` (tri-state
fact values), ``request_text`` (quantity, frequency, duration from a request),
``derive`` (the facts an item is decided on), ``determination`` (outcome per item).
"""
