"""The whole pipeline in one call: fridge photos, wearable exports (or the stored inventory and health
data), targets, deficits, recommendations and a priced draft cart, run as parallel agents with a trace
(`larder runs show ID` reads it back). `--nutrition-only` runs only the nutrition agent, as before.
Flags given here apply to this run only; `larder profile` stores them."""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

from agents.app.formatting import fmt_amount, fmt_difference, label, what_to_buy
from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.app import AgentEvent, NutritionResult


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if not 1 <= value <= 366:
        raise argparse.ArgumentTypeError(f"days must be between 1 and 366, got {value}")
    return value


def amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an amount such as 60 or 59.90, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"the budget must be a positive amount, got {text}")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=positive_int, default=7, help="planning horizon in days (default 7)")
    p.add_argument("--nutrition-only", action="store_true", help="run only the nutrition agent")
    p.add_argument(
        "--diet", choices=["none", "vegan", "vegetarian", "pescatarian", "gluten-free", "lactose-free"]
    )
    p.add_argument("--allergy", action="append", metavar="NAME")
    p.add_argument("--dislike", action="append", metavar="NAME")
    p.add_argument(
        "--no-save",
        action="store_true",
        help="do not store this plan (nor, for the whole pipeline, the scan, import, order or run)",
    )
    p.add_argument("--photos", nargs="+", metavar="PHOTO", default=[], help="fridge photos to scan first")
    p.add_argument(
        "--health", nargs="+", metavar="EXPORT", default=[], help="wearable exports to import first"
    )
    p.add_argument("--budget", type=amount, metavar="AMOUNT", help="spend at most this much on the cart")
    p.add_argument("--provider", choices=["offline", "kroger", "instacart"], default="offline",
                   help="where the cart is priced (default: the offline catalog)")  # fmt: skip
    p.add_argument("--barcode", action="append", metavar="EAN",
                   help="also buy this packaged product (looked up on Open Food Facts)")  # fmt: skip
    p.add_argument(
        "--model", metavar="PATH", help="detector for --photos (default: the saved or bundled model)"
    )
    p.add_argument("--sequential", action="store_true", help="run the agents one at a time (for comparison)")
    p.add_argument(
        "--timeout", type=float, metavar="S", help="seconds a store may take to answer (default 10)"
    )


def render(result: NutritionResult) -> str:
    lines = [f"Plan for {result.days} days from {result.today.isoformat()}"]
    if result.headline:  # the agent's conclusion, the same line the window shows
        lines.append(result.headline)
    lines += ["", "Targets (per day):"]
    for key, t in result.targets.items():
        mark = " [yours]" if t.is_override else " [limit]" if t.kind == "limit" else ""
        lines.append(f"  {label(key):<14} {fmt_amount(t.per_day, t.unit):>12}{mark}  {t.rule}")
    lines += ["", f"The fridge supplies ({len(result.supply_lines)} items counted):"]
    for line in result.supply_lines:
        lines.append(f"  {line.name:<40} {line.counted_grams:8.0f} g  {line.note}")
    lines += ["", f"Deficits over {result.days} days (> 0 short):"]
    for key, d in result.deficits.items():
        flag = "" if d.significant else "  (within noise)"
        # A target's gap at the precision the recommendation reasons print it (target - supply as shown).
        gap = fmt_difference(d.target, d.supply, d.unit)[2] if result.targets[key].kind == "target" else None
        lines.append(f"  {label(key):<14} {gap or fmt_amount(d.value, d.unit):>12}  {d.status}{flag}")
    lines += ["", "Recommendations:"]
    if not result.recommendations:
        lines.append("  none")
    for i, rec in enumerate(result.recommendations, start=1):
        lines.append(f"  {i}. {rec.name}: {what_to_buy(rec)}")
        lines.append(f"     {rec.reason}")
    for text in result.defaults_used:
        lines.append(f"Assumed: {text}")
    for text in result.notes:
        lines.append(f"Note: {text}")
    return "\n".join(lines)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.nutrition_only:
        if args.photos or args.health or args.sequential or args.budget is not None:
            raise UserError("--nutrition-only reads the stored data only: drop --photos, --health, --budget")
        return _nutrition_only(args, ctx)
    return _pipeline(args, ctx)


def _nutrition_only(args: argparse.Namespace, ctx: CommandContext) -> int:
    result = ctx.larder.plan_nutrition(
        days=args.days,
        diet=args.diet,
        allergies=args.allergy or (),
        dislikes=args.dislike or (),
        save=not args.no_save,
    )
    ctx.emit(result.to_public(), render(result))
    return 0


def _pipeline(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.app import PlanRequest, RunCancelled, Timeouts

    request = PlanRequest(
        photos=tuple(args.photos),
        health=tuple(args.health),
        days=args.days,
        budget=args.budget,
        diet=args.diet,
        allergies=tuple(args.allergy or ()),
        dislikes=tuple(args.dislike or ()),
        provider=args.provider,
        barcodes=tuple(args.barcode or ()),
        model=args.model,
        sequential=args.sequential,
        save=not args.no_save,
        timeouts=Timeouts(prices=args.timeout) if args.timeout else Timeouts(),
    )
    live = not ctx.as_json and ctx.stdout.isatty()

    def on_event(event: AgentEvent) -> None:
        if live and event.kind != "progress":
            print(f"  {event.at_ms / 1000:6.2f}s {event.lane:<28} {event.kind:<9} {event.summary[:70]}",
                  file=sys.stderr)  # fmt: skip

    cancel = threading.Event()
    try:
        with _ctrl_c_cancels(cancel):
            result = ctx.larder.run_plan(request, on_event=on_event, cancel=cancel)
    except RunCancelled as exc:
        print(f"larder: {exc}", file=sys.stderr)
        return 130
    data = {**result.to_public(), "days": args.days}
    ctx.emit(data, lambda: render_run(data))
    return 0


@contextlib.contextmanager
def _ctrl_c_cancels(cancel: threading.Event) -> Iterator[None]:
    """Ctrl-C sets the run's cancel flag before it raises KeyboardInterrupt. The exception alone can be
    lost: Python raises it wherever the main thread happens to be, and if that is a finalizer (`__del__`,
    a weakref callback run by the garbage collector) it is printed as "ignored" and the run would go on
    until its slowest agent gave up. The flag is checked by the graph every 50 ms whatever happens."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be installed from the main thread (an embedding caller's job)
        return

    def on_ctrl_c(signum: int, frame: FrameType | None) -> None:
        cancel.set()
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def render_run(data: dict[str, Any]) -> str:
    lines = [f"Run {data.get('run_id') or '(not saved)'}: {data['mode']}, {data['wall_ms'] / 1000:.2f} s, "
             f"{data['status']}", ""]  # fmt: skip
    items = data.get("items") or []
    if items:
        lines.append(f"Items found ({len(items)}):")
        for i in items:
            lines.append(f"  {i['count']:3d}  {i['name'][:40]:<40} {i['confidence']:.2f}")
        lines.append("")
    lines.append("Targets over the horizon:")
    for key, t in (data.get("targets") or {}).items():
        lines.append(f"  {label(key):<14} {fmt_amount(t['horizon_total'], t['unit']):>12}  ({t['kind']})")
    lines += ["", "Deficits (> 0 short):"]
    for key, d in (data.get("deficits") or {}).items():
        if d["significant"]:
            lines.append(f"  {label(key):<14} {fmt_amount(d['value'], d['unit']):>12}  {d['status']}")
    lines += ["", "Recommendations:"]
    for i, rec in enumerate(data.get("recommendations") or [], start=1):
        lines.append(f"  {i}. {rec['name']}: {rec['grams']:.0f} g")
        lines.append(f"     {rec['reason']}")
    if not data.get("recommendations"):
        lines.append("  none")
    cart = data.get("cart") or {}
    lines.append("")
    if cart:
        lines.append(f"Cart (draft order {cart.get('order_id') or 'not saved'}, {cart['provider']}): "
                     f"{cart['total']:.2f} {cart['currency']}")  # fmt: skip
        for line in cart.get("lines", []):
            lines.append(f"  {line['quantity']:2d} x {line['product'][:44]:<44} {line['line_total']:8.2f}")
            lines.append(f"       why: {line['reason'][:150]}")
        for notice in cart.get("notices", []):
            lines.append(f"  note: {notice}")
    else:
        lines.append("Cart: none")
    lines += ["", "Trace:"]
    for t in data.get("trace") or []:
        lines.append(f"  {t['started'] / 1000:6.2f}s +{t['ms'] / 1000:6.2f}s  {t['lane']:<28} {t['status']:<7} "
                     f"{t['summary']}")  # fmt: skip
    if data.get("critical_path"):
        lines.append("  critical path: " + " -> ".join(data["critical_path"]))
    if data.get("problems"):
        lines += ["", "Problems:"] + [f"  {p}" for p in data["problems"]]
    return "\n".join(lines)
