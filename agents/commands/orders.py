"""List orders, show one, edit a draft line, submit a draft to its provider (dry run unless --confirm),
cancel it or mark it completed."""

from __future__ import annotations

import argparse
from datetime import datetime

from agents.context import CommandContext
from agents.errors import UserError


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
    from agents.cart.orders import list_orders, load_order, set_status

    if args.action == "list":
        orders = list_orders(ctx.db)
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
        order = load_order(ctx.db, args.order_id)
        ctx.emit({"order": order.to_public()}, lambda: _show(order.to_public()))
        return 0
    if args.action == "edit":
        from agents.cart.orders import edit_line

        if args.line is None or args.quantity is None:
            raise UserError("`larder orders edit ID` needs --line LINE_ID and --quantity N")
        order = edit_line(ctx.db, args.order_id, args.line, args.quantity)
        ctx.emit({"order": order.to_public()}, lambda: _show(order.to_public()))
        return 0
    if args.action in ("cancel", "complete"):
        status = "cancelled" if args.action == "cancel" else "completed"
        order = set_status(ctx.db, args.order_id, status, note="by the user")
        ctx.emit({"order": _summary(order)}, f"order {order.id} is now {order.status}")
        return 0
    return _submit(args, ctx)


def _submit(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.cart.orders import load_order
    from agents.cart.service import make_taker
    from agents.cart.settings import read_settings
    from agents.cart.submit import submit_order
    from agents.secrets import SecretStore

    order = load_order(ctx.db, args.order_id)
    if order.status != "draft":
        raise UserError(f"order {order.id} is {order.status}; only a draft can be submitted")
    provider = args.to or order.provider
    taker = make_taker(provider, read_settings(ctx.db), SecretStore())
    try:
        report = submit_order(ctx.db, args.order_id, taker, dry_run=not args.confirm)
    finally:
        close = getattr(taker, "close", None)
        if close:
            close()
    ctx.emit({"submit": report.to_public()}, lambda: _report_text(report.to_public()))
    return 0


def _summary(order: object) -> dict[str, object]:
    from agents.cart.orders import OrderView

    assert isinstance(order, OrderView)
    public = order.to_public()
    return {
        k: public[k]
        for k in ("id", "order_id", "created_at", "provider", "status", "currency", "total", "indicative")
    } | {
        "lines": len(order.lines),
        "history": public["history"],
    }


def _show(order: dict[str, object]) -> str:
    lines = order["lines"]
    assert isinstance(lines, list)
    out = [
        f"order {order['id']}: {order['status']}, {order['provider']}, {order['total']:.2f} {order['currency']}"
    ]  # type: ignore[str-format]
    out += [
        f"  [{li['id']}] {li['quantity']} x {li['product']}  {li['line_total']:.2f}{'*' if li['indicative'] else ''}"
        for li in lines
    ]
    history = order["history"]
    assert isinstance(history, list)
    out += [f"  {_local(datetime.fromisoformat(str(h['at'])))}  {h['status']}  {h['note']}" for h in history]
    return "\n".join(out)


def _local(moment: datetime) -> str:
    """A stored (UTC) moment as the user's wall-clock time."""
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _report_text(report: dict[str, object]) -> str:
    out = [str(report["message"])]
    lines = report["lines"]
    assert isinstance(lines, list)
    if report["dry_run"]:
        out += [f"  {li['quantity']} x {li['name']}" for li in lines]
    skipped = report["skipped"]
    if skipped:
        out.append(f"not sent (no {report['provider']} product): {', '.join(map(str, skipped))}")  # type: ignore[call-overload]
    return "\n".join(out)
