"""Build a priced draft order from the nutrition agent's recommendations and your shopping list.
Nothing is sent anywhere: submitting is `larder orders submit ID`. Prices come from the offline catalog
(indicative estimates) unless --provider kroger can reach the store; credentials live in the keyring."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.secrets import PROVIDERS_WITH_CREDENTIALS, credentials_of

if TYPE_CHECKING:
    from agents.app import Cart


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--budget", type=float, metavar="AMOUNT", help="spend at most this much")
    p.add_argument("--provider", choices=["offline", "kroger", "instacart"], default=None)
    p.add_argument("--days", type=int, default=7, help="planning horizon in days (default 7)")
    p.add_argument("--organic", action="store_true", help="prefer organic products where offered (this run)")
    p.add_argument(
        "--brand",
        action="append",
        default=[],
        metavar="BRAND",
        help="prefer this brand (repeatable; this run)",
    )
    account = p.add_mutually_exclusive_group()
    account.add_argument("--set-credentials", choices=PROVIDERS_WITH_CREDENTIALS, metavar="PROVIDER",
                         help="store a provider's client id/secret or API key in the system keyring (read from the terminal or stdin)")  # fmt: skip
    account.add_argument("--forget", choices=PROVIDERS_WITH_CREDENTIALS, metavar="PROVIDER",
                         help="delete a provider's credentials and tokens from the keyring")  # fmt: skip
    account.add_argument(
        "--login", choices=["kroger"], help="sign in to your Kroger account (browser, loopback redirect)"
    )
    account.add_argument(
        "--barcode",
        metavar="CODE",
        help="look up a packaged product on Open Food Facts and map it to an ingredient",
    )
    account.add_argument(
        "--store", metavar="ZIP", help="choose the nearest Kroger store to this ZIP code for prices"
    )


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt).strip()
    return sys.stdin.readline().strip()


def _credentials(args: argparse.Namespace, ctx: CommandContext) -> int:
    provider = args.set_credentials
    values = {
        c.name: _read_secret(f"{provider} {c.name.replace('_', ' ')}: ") for c in credentials_of(provider)
    }
    stored = ctx.larder.set_credentials(provider, values)
    ctx.emit(
        {"provider": provider, "stored": list(stored)},
        f"{provider}: credentials stored in the system keyring",
    )
    return 0


def _forget(args: argparse.Namespace, ctx: CommandContext) -> int:
    deleted = ctx.larder.forget_credentials(args.forget)
    ctx.emit(
        {"provider": args.forget, "deleted": list(deleted)},
        f"{args.forget}: removed {len(deleted)} keyring entries",
    )
    return 0


def _login(ctx: CommandContext) -> int:
    if not ctx.as_json:
        print("Opening the Kroger sign-in page in your browser...", file=sys.stderr)
    ctx.larder.kroger_login(open_url=_open)
    ctx.emit(
        {"provider": "kroger", "signed_in": True},
        "kroger: signed in; the refresh token is in the system keyring",
    )
    return 0


def _open(url: str) -> None:
    import webbrowser

    if not webbrowser.open(url):
        print(f"Open this address to sign in: {url}", file=sys.stderr)


def _store(args: argparse.Namespace, ctx: CommandContext) -> int:
    loc = ctx.larder.choose_kroger_store(args.store)
    ctx.emit({"location_id": loc.location_id, "name": loc.name, "address": loc.address},
             f"kroger store: {loc.name}, {loc.address} ({loc.location_id})")  # fmt: skip
    return 0


def _barcode(args: argparse.Namespace, ctx: CommandContext) -> int:
    product = ctx.larder.lookup_barcode(args.barcode)
    size = (
        f"{product.package_size:g} {product.package_unit}" if product.package_size else product.quantity_text
    )
    ctx.emit(
        {"product": product.to_public()},
        f"{product.name} ({product.brand or 'no brand'}, {size or 'size unknown'}) -> "
        f"{product.ingredient or 'no matching ingredient'}; protein {product.nutrients.get('protein_g', '?')} g/100 g",
    )
    return 0


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.set_credentials:
        return _credentials(args, ctx)
    if args.forget:
        return _forget(args, ctx)
    if args.login:
        return _login(ctx)
    if args.store:
        return _store(args, ctx)
    if args.barcode:
        return _barcode(args, ctx)
    progress = ctx.progress("pricing")
    cart = ctx.larder.build_cart(
        provider=args.provider,
        budget=args.budget,
        days=args.days,
        organic=args.organic,
        brands=tuple(args.brand),
        on_progress=progress,
    )
    progress.done()
    ctx.emit({"cart": cart.to_public(), "order_id": cart.order_id}, lambda: _text(cart))
    return 0


def _text(cart: Cart) -> str:
    out = [f"Draft order {cart.order_id} ({cart.provider}): {len(cart.lines)} lines, {cart.total:.2f} {cart.currency}"
           + (f" of a {cart.budget:.2f} budget" if cart.budget is not None else "")]  # fmt: skip
    for line in cart.lines:
        mark = "*" if line.indicative else " "
        out.append(
            f"  {line.quantity:>2} x {line.product:<58.58} {line.line_total:>7.2f}{mark}  {line.reason[:70]}"
        )
    for item in cart.short:
        out.append(f"  short: {item.name} ({item.why.replace('_', ' ')})")
    out += [f"note: {n}" for n in cart.notices]
    if cart.indicative:
        out.append("* indicative price (offline estimate)")
    out.append(
        f"Submit with `larder orders submit {cart.order_id}`; export with `larder export {cart.order_id} --format pdf --out list.pdf`."
    )
    return "\n".join(out)
