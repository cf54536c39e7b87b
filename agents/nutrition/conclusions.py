"""The plan's conclusions in words: the headline, limits over their cap and where that comes from,
and how much the uncertain ("maybe") detections matter. The CLI and the window show these verbatim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agents.nutrition.deficits import compute_deficits
from agents.nutrition.nutrients import fmt_amount, label
from agents.nutrition.recommend import FOCUS, LIMITS
from agents.nutrition.result import Deficit, MaybeLine, Recommendation, SupplyLine, Target
from agents.nutrition.supply import SupplyTotals

NOTHING_TO_BUY = "Nothing to buy: the fridge covers every target"


def _short(targets: Mapping[str, Target], deficits: Mapping[str, Deficit]) -> list[str]:
    return [
        k
        for k, d in deficits.items()
        if k in FOCUS and targets[k].kind == "target" and d.significant and d.value > 0
    ]


def _names(keys: Sequence[str]) -> str:
    words = [label(k) for k in keys]
    if len(words) <= 2:
        return " and ".join(words)
    return f"{words[0]}, {words[1]} and {len(words) - 2} more"


def headline(
    targets: Mapping[str, Target],
    deficits: Mapping[str, Deficit],
    recommendations: Sequence[Recommendation],
    unmet: Sequence[str],
    maybe: Sequence[MaybeLine],
) -> str:
    short = _short(targets, deficits)
    over = [k for k in LIMITS if k in deficits and deficits[k].status == "over_limit"]
    if recommendations:
        count = len(recommendations)
        text = (
            f"{_names(short) or 'Some nutrients'} short: {count} food{'s' if count != 1 else ''} recommended"
        )
    elif short:
        text = unmet[0] if unmet else f"{_names(short)} short, but no allowed food closes the gap"
    else:
        text = NOTHING_TO_BUY
    if over:
        text += f"; {_names(over).lower()} over the limit"
    if maybe:
        text += f" ({len(maybe)} uncertain detection{'s' if len(maybe) != 1 else ''} not counted)"
    return text


def limit_reports(
    targets: Mapping[str, Target], deficits: Mapping[str, Deficit], lines: Sequence[SupplyLine]
) -> tuple[str, ...]:
    """'Sugars over the limit: the fridge supplies 300 g against a 7-day limit of 245 g, mostly from
    Sugar (175 g; 25 g/day used by the spoonful); the recommendations are low in sugars'."""
    reports = []
    for key in LIMITS:
        d = deficits.get(key)
        if d is None or d.status != "over_limit":
            continue
        unit_name = targets[key].unit
        sources = sorted(lines, key=lambda line: -line.nutrients.get(key, 0.0))
        named = []
        for line in sources[:2]:
            amount = line.nutrients.get(key, 0.0)
            if amount <= 0.1 * d.supply:
                break
            rule = f"; {line.per_day_g:g} g/day used by the spoonful" if line.rule == "daily_use" else ""
            named.append(f"{line.name.split(',')[0]} ({fmt_amount(amount, unit_name)}{rule})")
        where = f", mostly from {' and '.join(named)}" if named else ""
        reports.append(
            f"{label(key)} over the limit: the fridge supplies {fmt_amount(d.supply, unit_name)} against a "
            f"limit of {fmt_amount(d.target, unit_name)}{where}; the recommendations are low in "
            f"{label(key).lower()}"
        )
    return tuple(reports)


def maybe_summary(maybe: Sequence[MaybeLine]) -> str:
    listed = ", ".join(f"{m.name.split(',')[0].lower()} {m.confidence:.2f}" for m in maybe[:6])
    more = f" and {len(maybe) - 6} more" if len(maybe) > 6 else ""
    return f"maybe in the fridge (not counted): {listed}{more}: confirm on the Fridge page"


def maybe_effect(targets: Mapping[str, Target], deficits: Mapping[str, Deficit], supply: SupplyTotals) -> str:
    """How the deficits would change if every maybe item is really there."""
    if not supply.maybe or supply.maybe_totals is None:
        return ""
    both = {k: supply.totals.get(k, 0.0) + supply.maybe_totals.get(k, 0.0) for k in supply.totals}
    alt = compute_deficits(targets, both)
    changes = []
    for key, d in deficits.items():
        other = alt[key]
        if _status(other) != _status(d):
            changes.append(f"{label(key).lower()} {_status(d)} -> {_status(other)}")
    short = [k for k in _short(targets, deficits) if k == "protein_g"]
    for key in short:
        before, after = deficits[key].value, alt[key].value
        if abs(before - after) >= 0.01 * targets[key].horizon_total and not any(
            c.startswith(label(key).lower()) for c in changes
        ):
            unit_name = targets[key].unit
            changes.append(
                f"{label(key).lower()} {fmt_amount(before, unit_name)} short -> {fmt_amount(after, unit_name)} short"
            )
    if not changes:
        return "if the maybe items are there, no conclusion changes"
    return "if the maybe items are there: " + "; ".join(changes[:5])


def _status(d: Deficit) -> str:
    return {
        "short": "short",
        "surplus": "covered",
        "ok": "covered",
        "over_limit": "over the limit",
        "within_limit": "within the limit",
    }.get(d.status, d.status)
