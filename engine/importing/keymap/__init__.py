"""Abstract keys -> the project's facts and fields, one module per topic (``docs/import.md``).

Each module holds plain data:

- ``TOPIC``: the topic its keys serve (``None`` in ``shared``: every topic);
- ``CATEGORIES``: the treatment categories decided under that topic, each with the facts the
  category itself says (``imaging_lumbar`` -> ``imaging.body_region: lumbar``); a name ending
  ``*`` is a prefix (``imaging_*``);
- ``KEYS``: abstract key -> ``Rule`` (or a tuple of rules, for a key that says several things);
- ``ROUTES`` (optional): category -> ((pattern, topic, facts), ...): an item of that category
  whose request text matches a pattern (searched case-insensitively, the first that matches)
  is decided under that topic with those facts instead (``other``: "Assistant surgeon" ->
  ``surgical_services``);
- ``ITEM_TEXT`` (optional): fact -> converter, applied to the request as written
  (``disputed_item``) for the facts only its text says (the kind of equipment, the
  modality); a fact a key gives wins, and a text the converter cannot read says nothing.

Adding a topic is one new module in this package (``MODULES`` collects them all).  A category no module claims is
decided under a topic of its own name (``dme`` -> topic ``dme``), so its items are written
and wait for a table.  A key no rule names is still read when it names a fact of the item's
topic (``red_flag`` under imaging is ``imaging.red_flag``) or a whole fact name
(``request.duplicate``), converted by the glossary type.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType
from typing import Any

from engine.importing.convert import Converter, Rule


def _topic_modules() -> tuple[ModuleType, ...]:
    """Every module of this package, ``shared`` first, then by name: adding a topic is adding a file."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    names.remove("shared")
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in ("shared", *names))


MODULES: tuple[ModuleType, ...] = _topic_modules()

TOPIC_NAME = re.compile(r"[a-z][a-z0-9_]*")

Rules = tuple[Rule, ...]


def normal_key(key: str) -> str:
    """How a key is looked up: lower case, words joined by ``_`` (``Red flags`` -> ``red_flags``)."""
    return re.sub(r"[\s\-]+", "_", key.strip().lower())


def _rules(value: Rule | tuple[Rule, ...]) -> Rules:
    return value if isinstance(value, tuple) else (value,)


def _collect() -> tuple[dict[str, Rules], dict[str, dict[str, Rules]], dict[str, tuple[str, dict[str, Any]]],
                      dict[str, dict[str, Converter]]]:
    shared_keys: dict[str, Rules] = {}
    topic_keys: dict[str, dict[str, Rules]] = {}
    categories: dict[str, tuple[str, dict[str, Any]]] = {}
    item_text: dict[str, dict[str, Converter]] = {}
    for module in MODULES:
        keys = {normal_key(k): _rules(v) for k, v in module.KEYS.items()}
        if module.TOPIC is None:
            shared_keys.update(keys)
            continue
        item_text.setdefault(module.TOPIC, {}).update(getattr(module, "ITEM_TEXT", {}))
        merged = topic_keys.setdefault(module.TOPIC, {})
        for key, rules in keys.items():
            merged[key] = merged.get(key, ()) + rules
        for category, facts in module.CATEGORIES.items():
            if category in categories:
                raise ValueError(f"category {category!r} is claimed by topics {categories[category][0]!r} "
                                 f"and {module.TOPIC!r}")
            categories[category] = (module.TOPIC, dict(facts))
    return shared_keys, topic_keys, categories, item_text


SHARED_KEYS, TOPIC_KEYS, CATEGORIES, ITEM_TEXT = _collect()


def _routes() -> dict[str, tuple[tuple[re.Pattern[str], str, dict[str, Any]], ...]]:
    routes: dict[str, tuple[tuple[re.Pattern[str], str, dict[str, Any]], ...]] = {}
    for module in MODULES:
        for category, entries in getattr(module, "ROUTES", {}).items():
            compiled = tuple((re.compile(pattern, re.IGNORECASE), topic, dict(facts))
                             for pattern, topic, facts in entries)
            routes[category] = routes.get(category, ()) + compiled
    return routes


ROUTES = _routes()


def _claim(category: str, text: str = "") -> tuple[str, dict[str, Any]] | None:
    for pattern, topic, facts in ROUTES.get(category, ()):
        if pattern.search(text or ""):
            return topic, facts
    if category in CATEGORIES:
        return CATEGORIES[category]
    prefixes = [c for c in CATEGORIES if c.endswith("*") and category.startswith(c[:-1])]
    return CATEGORIES[max(prefixes, key=len)] if prefixes else None


def topic_of(category: str, text: str = "") -> str | None:
    """The topic a treatment category (with its request ``text``) is decided under; None when it cannot name one."""
    claimed = _claim(category, text)
    if claimed is not None:
        return claimed[0]
    return category if TOPIC_NAME.fullmatch(category) else None


def category_facts(category: str, text: str = "") -> dict[str, Any]:
    """The facts the category, or its route by the request ``text``, says (``imaging_knee``: body region knee)."""
    claimed = _claim(category, text)
    return dict(claimed[1]) if claimed is not None else {}


def rules_for(key: str, topic: str, category: str) -> Rules:
    """The rules for one abstract key of an item: the shared ones, then the topic's."""
    name = normal_key(key)
    rules = SHARED_KEYS.get(name, ()) + TOPIC_KEYS.get(topic, {}).get(name, ())
    return tuple(r for r in rules if r.applies_to(category))


def text_rules(topic: str) -> dict[str, Converter]:
    """Fact -> converter of the request text, for the topic's facts only the text says."""
    return dict(ITEM_TEXT.get(topic, {}))


def known_categories() -> list[str]:
    """The categories some module claims, for the documentation and the report."""
    return sorted(CATEGORIES)
