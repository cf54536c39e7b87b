"""Sending a draft to its provider: a dry run unless the user confirms; on any failure the order stays
a draft, the attempt is written to its history, and the user is told whether anything was sent."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from agents.cart.orders import OrderView, load_order, set_status
from agents.errors import ProviderError, UserError
from agents.providers.base import CartTaker, SubmitLine
from agents.providers.errors import (
    ProviderAuthError,
    ProviderOffline,
    ProviderRateLimited,
    ProviderResponseError,
)
from data.db import Database
from data.models import OrderStatusEvent


@dataclass(frozen=True)
class SubmitReport:
    order_id: int
    provider: str
    dry_run: bool
    message: str
    lines: tuple[SubmitLine, ...]
    skipped: tuple[str, ...] = ()
    external: dict[str, Any] | None = None

    def to_public(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "provider": self.provider,
            "dry_run": self.dry_run,
            "message": self.message,
            "lines": [
                {"name": li.name, "quantity": li.quantity, "package_size": li.package_size,
                 "package_unit": li.package_unit, "upc": li.upc}
                for li in self.lines
            ],
            "skipped": list(self.skipped),
            "external": dict(self.external or {}),
        }  # fmt: skip


def submit_lines(order: OrderView, provider: str) -> tuple[SubmitLine, ...]:
    out = []
    for line in order.lines:
        # Only a product that came from this provider carries an id the provider knows.
        upc = line.product_id if line.provider == provider and line.product_id.isdigit() else ""
        display = f"{line.product} ({line.quantity} x {line.package_size:g} {line.package_unit})"
        out.append(
            SubmitLine(
                line.product,
                line.quantity,
                line.package_size,
                line.package_unit,
                line.product_id,
                upc,
                display,
            )
        )
    return tuple(out)


def submit_order(
    db: Database,
    order_id: int,
    taker: CartTaker,
    *,
    dry_run: bool = True,
    cancel: threading.Event | None = None,
) -> SubmitReport:
    order = load_order(db, order_id)
    if order.status != "draft":
        raise UserError(f"order {order_id} is {order.status}; only a draft can be submitted")
    if not order.lines:
        raise UserError(f"order {order_id} has no lines to submit")
    lines = submit_lines(order, taker.name)
    if dry_run:
        return SubmitReport(
            order_id, taker.name, True,
            f"dry run: would send {len(lines)} lines to {taker.name}; nothing was sent (add --confirm to send)", lines,
        )  # fmt: skip
    try:
        outcome = taker.submit(f"Larder order {order_id}", lines, cancel=cancel)
    except ProviderError as exc:
        sent = (
            "it may or may not have arrived: check with the provider before sending again"
            if _maybe_sent(exc)
            else "nothing was sent"
        )
        with db.session() as s:
            s.add(
                OrderStatusEvent(
                    order_id=order_id, status="draft", note=f"submit to {taker.name} failed: {exc}"[:500]
                )
            )
        raise ProviderError(f"{exc}; order {order_id} is still a draft and unchanged ({sent})") from None
    set_status(db, order_id, "submitted", note=outcome.message, external={taker.name: outcome.external})
    return SubmitReport(
        order_id, taker.name, False, outcome.message, lines, outcome.skipped, outcome.external
    )


def _maybe_sent(exc: ProviderError) -> bool:
    """Whether a failed submit may still have reached the provider."""
    if isinstance(exc, ProviderOffline):
        return exc.maybe_sent
    if isinstance(exc, ProviderAuthError | ProviderRateLimited):
        return False  # refused (401/403/429): the provider did nothing
    # A 4xx answer is a refusal; a 5xx, or an answer we could not read, leaves it open.
    return not (isinstance(exc, ProviderResponseError) and exc.status is not None and exc.status < 500)
