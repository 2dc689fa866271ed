"""Home health services (tables/home_health.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, rule

TOPIC = "home_health"
CATEGORIES: dict[str, dict[str, object]] = {"home_health": {}}

PREFIX = "home_health."

KEYS = {
    "homebound_documented": rule(PREFIX + "homebound", boolean),
    "homebound": rule(PREFIX + "homebound", boolean),
}
