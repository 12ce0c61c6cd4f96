"""Which channels hear about a change: the routes of the alerting configuration applied to one target.

Pure functions over the config, so "who gets what" can be tested and shown
(``noticewatch validate``) without a database or a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from monitor.alerts.config import AlertingConfig, Route
from monitor.model import Severity
from monitor.targets import Target

#: The severities each ``min_severity`` lets through. First versions, re-extractions
#: and no-ops are recorded but never alerted: nothing a reader needs to act on.
_ALERTED: dict[str, frozenset[Severity]] = {
    "material": frozenset({Severity.MATERIAL}),
    "editorial": frozenset({Severity.MATERIAL, Severity.EDITORIAL}),
    "all": frozenset({Severity.MATERIAL, Severity.EDITORIAL}),
}


@dataclass(frozen=True, slots=True)
class RouteMatch:
    """One channel to alert, and whether its message carries the diff."""

    channel: str
    include_diff: bool


def route_applies(route: Route, target: Target) -> bool:
    """A route's filters: any of its globs matches the id AND the target has any of its tags."""
    if route.targets and not any(fnmatchcase(target.id, glob) for glob in route.targets):
        return False
    return not (route.tags and not set(route.tags) & set(target.tags))


def channels_for_change(
    cfg: AlertingConfig | None, target: Target, severity: Severity
) -> list[RouteMatch]:
    """The channels to alert about a change of ``severity`` on ``target``, each once.

    A channel reached by several routes gets one alert, with the diff if any of
    those routes asks for it. Order follows the configuration (first route first).
    """
    if cfg is None or not cfg.channels:
        return []
    severity = Severity(severity)
    matches: dict[str, bool] = {}
    for route in cfg.routes:
        if severity not in _ALERTED[route.min_severity] or not route_applies(route, target):
            continue
        for name in route.channels:
            if name in cfg.channels:
                matches[name] = matches.get(name, False) or route.include_diff
    return [RouteMatch(channel=name, include_diff=diff) for name, diff in matches.items()]


def channels_for_incident(cfg: AlertingConfig | None) -> list[str]:
    """The channels of operational alerts (empty when ``[operational]`` is not configured)."""
    if cfg is None or cfg.operational is None:
        return []
    return [name for name in cfg.operational.channels if name in cfg.channels]
