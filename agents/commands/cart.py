"""Build a priced draft order from the nutrition agent's recommendations and your shopping list.
Nothing is sent anywhere: submitting is `larder orders submit ID`. Prices come from the offline catalog
(indicative estimates) unless --provider kroger can reach the store; credentials live in the keyring."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from agents.context import CommandContext
from agents.errors import UserError

if TYPE_CHECKING:
    from agents.cart.result import Cart
    from agents.providers.kroger import KrogerClient

CREDENTIALS = {"kroger": ("client_id", "client_secret"), "instacart": ("api_key",)}


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
    account.add_argument("--set-credentials", choices=sorted(CREDENTIALS), metavar="PROVIDER",
                         help="store a provider's client id/secret or API key in the system keyring (read from the terminal or stdin)")  # fmt: skip
    account.add_argument("--forget", choices=sorted(CREDENTIALS), metavar="PROVIDER",
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
    from agents.secrets import SecretStore

    store = SecretStore()
    provider = args.set_credentials
    values = {name: _read_secret(f"{provider} {name.replace('_', ' ')}: ") for name in CREDENTIALS[provider]}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise UserError(f"no {', '.join(missing)} given; nothing was stored")
    for name, value in values.items():
        store.set(provider, name, value)
    ctx.emit(
        {"provider": provider, "stored": sorted(values)},
        f"{provider}: credentials stored in the system keyring",
    )
    return 0


def _forget(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.secrets import SecretStore

    store = SecretStore()
    names = [*CREDENTIALS[args.forget], "refresh_token"]
    deleted = [name for name in names if store.delete(args.forget, name)]
    ctx.emit(
        {"provider": args.forget, "deleted": deleted},
        f"{args.forget}: removed {len(deleted)} keyring entries",
    )
    return 0


def _kroger(ctx: CommandContext) -> KrogerClient:
    from agents.cart.service import kroger_client
    from agents.cart.settings import read_settings
    from agents.secrets import SecretStore

    return kroger_client(read_settings(ctx.db), SecretStore())


def _login(ctx: CommandContext) -> int:
    client = _kroger(ctx)
    try:
        if not ctx.as_json:
            print("Opening the Kroger sign-in page in your browser...", file=sys.stderr)
        client.login(open_url=lambda url: _open(url))
    finally:
        client.close()
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
    from agents.cart.settings import KROGER_LOCATION, write_setting

    zip_code = args.store.strip()
    if not (zip_code.isdigit() and len(zip_code) == 5):
        raise UserError(f"{args.store!r} is not a 5-digit US ZIP code")
    client = _kroger(ctx)
    try:
        found = client.locations(zip_code, limit=1)
    finally:
        client.close()
    if not found:
        raise UserError(f"kroger: no store near {zip_code}")
    write_setting(ctx.db, KROGER_LOCATION, found[0].location_id)
    loc = found[0]
    ctx.emit({"location_id": loc.location_id, "name": loc.name, "address": loc.address},
             f"kroger store: {loc.name}, {loc.address} ({loc.location_id})")  # fmt: skip
    return 0


def _barcode(args: argparse.Namespace, ctx: CommandContext) -> int:
    from agents.cart.settings import read_settings
    from agents.providers.config import base_url
    from agents.providers.openfoodfacts import OpenFoodFactsClient

    client = OpenFoodFactsClient(base_url("openfoodfacts", read_settings(ctx.db)))
    try:
        product = client.product(args.barcode)
    finally:
        client.close()
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
    from agents.cart.optimise import Preferences
    from agents.cart.service import build_draft
    from agents.cart.settings import preferences, read_settings

    settings = read_settings(ctx.db)
    provider = args.provider or str(settings.get("cart.provider") or "offline")
    stored = preferences(settings)
    prefs = Preferences(brands=tuple(args.brand) or stored.brands, organic=args.organic or stored.organic)
    progress = ctx.progress("pricing")
    cart = build_draft(
        ctx.db, provider=provider, budget=args.budget, days=args.days, preferences=prefs, on_progress=progress
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
