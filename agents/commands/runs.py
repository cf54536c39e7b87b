"""Past plan runs: `larder runs` lists them, `larder runs show ID` prints the timeline of its agents and
why each line of the cart it built is there."""

from __future__ import annotations

import argparse
from typing import Any

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    p.add_argument("run_id", nargs="?", type=int, metavar="ID")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.action == "list":
        if args.run_id is not None:
            raise UserError("`larder runs` takes no ID; did you mean `larder runs show ID`?")
        runs = ctx.larder.runs()
        lines = [f"{len(runs)} runs" + (" (none yet: run `larder plan`)" if not runs else "")]
        for r in runs:
            order = (
                f"order {r.order_id}, {r.total:.2f}"
                if r.order_id is not None and r.total is not None
                else "no order"
            )
            lines.append(f"  {r.id:4d}  {r.started_at:%Y-%m-%d %H:%M}  {r.mode:<10} {r.wall_ms / 1000:6.2f} s  "
                         f"{r.status:<8} {order}" + (f"  ({len(r.problems)} problems)" if r.problems else ""))  # fmt: skip
        ctx.emit({"runs": [r.to_public() for r in runs]}, "\n".join(lines))
        return 0
    if args.run_id is None:
        raise UserError("`larder runs show` needs a run ID (see `larder runs`)")
    detail = ctx.larder.run(args.run_id)
    ctx.emit(detail.to_public(), lambda: render(detail.to_public()))
    return 0


def render(data: dict[str, Any]) -> str:
    head = (f"Run {data['id']} ({data['mode']}, {data['wall_ms'] / 1000:.2f} s, {data['status']}), "
            f"started {data['started_at'][:19]}")  # fmt: skip
    lines = [head, "", "Timeline (start, duration, agent, status, reasoning):"]
    for e in data["events"]:
        if e["kind"] in ("started", "progress"):
            continue
        start = (e["at_ms"] - (e["ms"] or 0)) / 1000
        lines.append(
            f"  {start:6.2f}s +{(e['ms'] or 0) / 1000:6.2f}s  {e['lane']:<28} {e['kind']:<9} {e['summary']}"
        )
    result = data.get("result") or {}
    cart = result.get("cart") or {}
    lines.append("")
    if cart.get("lines"):
        lines.append(f"Cart (order {cart.get('order_id')}, {cart.get('total', 0):.2f} {cart.get('currency', '')}): "
                     "why each line is there")  # fmt: skip
        for line in cart["lines"]:
            lines.append(f"  {line['quantity']} x {line['product']}  {line['line_total']:.2f}")
            lines.append(f"     {line['reason']}")
        for notice in cart.get("notices", []):
            lines.append(f"  note: {notice}")
    else:
        lines.append("No cart was built in this run.")
    if data.get("problems"):
        lines += ["", "Problems:"] + [f"  {p}" for p in data["problems"]]
    return "\n".join(lines)
