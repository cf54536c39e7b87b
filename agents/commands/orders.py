"""List orders, show one, edit a draft line, submit a draft to its provider (dry run unless --confirm),
cancel it or mark it completed."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import OrderView, SubmitReport


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "action", nargs="?", choices=["list", "show", "edit", "submit", "cancel", "complete"], default="list"
    )
    p.add_argument("order_id", nargs="?", type=int, metavar="ID")
    p.add_argument("--confirm", action="store_true", help="really submit (default: dry run)")
    p.add_argument("--line", type=int, metavar="LINE_ID", help="edit: the line (its id from `orders show`)")
    p.add_argument("--quantity", type=int, metavar="N", help="edit: new package count (0 removes the line)")
    p.add_argument(
        "--to", choices=["kroger", "instacart"], help="submit to this provider instead of the order's own"
    )


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    larder = ctx.larder
    if args.action == "list":
        orders = larder.orders()
        ctx.emit(
            {"orders": [_summary(o) for o in orders]},
            lambda: (
                "\n".join(
                    f"{o.id:>4}  {_local(o.created_at)}  {o.status:<9} {o.provider:<9} {len(o.lines):>3} lines  "
                    f"{o.total:>8.2f} {o.currency}{' (indicative)' if o.indicative else ''}"
                    for o in orders
                )
                or "no orders yet (build one with `larder cart`)"
            ),
        )
        return 0
    if args.order_id is None:
        raise UserError(f"`larder orders {args.action}` needs an order ID")
    if args.action == "show":
        order = larder.order(args.order_id)
        ctx.emit({"order": order.to_public()}, lambda: _show(order))
        return 0
    if args.action == "edit":
        if args.line is None or args.quantity is None:
            raise UserError("`larder orders edit ID` needs --line LINE_ID and --quantity N")
        order = larder.edit_order_line(args.order_id, args.line, args.quantity)
        ctx.emit({"order": order.to_public()}, lambda: _show(order))
        return 0
    if args.action in ("cancel", "complete"):
        order = (
            larder.cancel_order(args.order_id)
            if args.action == "cancel"
            else larder.complete_order(args.order_id)
        )
        ctx.emit({"order": _summary(order)}, f"order {order.id} is now {order.status}")
        return 0
    report = larder.submit_order(args.order_id, confirm=args.confirm, provider=args.to)
    ctx.emit({"submit": report.to_public()}, lambda: _report_text(report))
    return 0


def _summary(order: OrderView) -> dict[str, object]:
    public = order.to_public()
    return {
        k: public[k]
        for k in ("id", "order_id", "created_at", "provider", "status", "currency", "total", "indicative")
    } | {
        "lines": len(order.lines),
        "history": public["history"],
    }


def _show(order: OrderView) -> str:
    out = [f"order {order.id}: {order.status}, {order.provider}, {order.total:.2f} {order.currency}"]
    out += [
        f"  [{li.id}] {li.quantity} x {li.product}  {li.line_total:.2f}{'*' if li.indicative else ''}"
        for li in order.lines
    ]
    out += [f"  {_local(h.at)}  {h.status}  {h.note}" for h in order.history]
    return "\n".join(out)


def _local(moment: datetime) -> str:
    """A stored (UTC) moment as the user's wall-clock time (SQLite hands it back naive)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone():%Y-%m-%d %H:%M}"


def _report_text(report: SubmitReport) -> str:
    out = [report.message]
    if report.dry_run:
        out += [f"  {li.quantity} x {li.name}" for li in report.lines]
    if report.skipped:
        out.append(f"not sent (no {report.provider} product): {', '.join(report.skipped)}")
    return "\n".join(out)
