"""Exports of an order or a shopping list: CSV (UTF-8 with BOM, so spreadsheets get the accents right),
Markdown, plain text, JSON, and a printable PDF (agents/cart/pdf.py). Text is rendered in memory and
written in one go to a temporary file that replaces the target, so a failed export never leaves half a file."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from agents.cart.orders import OrderView, load_order
from agents.errors import UserError
from data.db import Database
from data.models import ShoppingList, ShoppingListItem

FORMATS = ("csv", "md", "txt", "json", "pdf")
CSV_COLUMNS = ["aisle", "item", "product", "brand", "quantity", "package", "unit_price", "line_total", "currency",
               "indicative", "reason"]  # fmt: skip


@dataclass(frozen=True)
class ExportRow:
    aisle: str
    item: str  # the ingredient or list name
    product: str
    brand: str
    quantity: int | float
    package: str  # "946 ml", "12 piece"
    unit_price: float | None
    line_total: float | None
    indicative: bool
    reason: str
    checked: bool = False  # a shopping-list entry already ticked off


@dataclass(frozen=True)
class ExportDoc:
    title: str
    kind: str  # order | list
    ref: str
    currency: str
    total: float | None
    status: str
    rows: tuple[ExportRow, ...]
    notes: tuple[str, ...]

    def by_aisle(self) -> list[tuple[str, list[ExportRow]]]:
        groups: dict[str, list[ExportRow]] = {}
        for row in self.rows:
            groups.setdefault(row.aisle or "Other", []).append(row)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "Other", kv[0]))


def _item_name(ingredient: str | None, product: str) -> str:
    if ingredient:
        from data.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
        if ingredient in taxonomy:
            return taxonomy.get(ingredient).name
    return product


def order_doc(order: OrderView) -> ExportDoc:
    rows = tuple(
        ExportRow(
            aisle=line.aisle,
            item=_item_name(line.ingredient, line.product),
            product=line.product,
            brand=line.brand,
            quantity=line.quantity,
            package=f"{line.package_size:g} {line.package_unit}",
            unit_price=line.unit_price,
            line_total=line.line_total,
            indicative=line.indicative,
            reason=line.reason,
        )
        for line in order.lines
    )
    notes = []
    if order.indicative:
        notes.append("Prices marked * are indicative estimates from the offline catalog, not store quotes.")
    link = (
        (order.external.get("instacart") or {}).get("products_link_url")
        if isinstance(order.external, dict)
        else None
    )
    if link:
        notes.append(f"Instacart list: {link}")
    return ExportDoc(
        title=f"Larder order {order.id}",
        kind="order",
        ref=str(order.id),
        currency=order.currency,
        total=order.total,
        status=order.status,
        rows=rows,
        notes=tuple(notes),
    )


def list_doc(db: Database, list_id: int) -> ExportDoc:
    from data.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    with db.session() as s:
        shopping = s.get(ShoppingList, list_id)
        if shopping is None:
            raise UserError(f"there is no shopping list {list_id}")
        items = list(
            s.exec(
                select(ShoppingListItem)
                .where(ShoppingListItem.list_id == list_id)
                .order_by(col(ShoppingListItem.id))
            )
        )
        title = shopping.name
    from agents.shopping_list import stored_order

    rank = {entry_id: i for i, entry_id in enumerate(stored_order(db))}  # the order the user gave it
    items.sort(key=lambda item: (item.checked, rank.get(item.id or 0, len(rank)), item.id or 0))
    rows = []
    for item in items:
        ingredient = (
            (taxonomy.get(item.ingredient_id) if item.ingredient_id in taxonomy else None)
            if item.ingredient_id
            else taxonomy.lookup(item.name)
        )
        rows.append(
            ExportRow(
                aisle=ingredient.aisle if ingredient else "",
                item=item.name,
                product="",
                brand="",
                quantity=item.quantity,
                package=item.unit,
                unit_price=None,
                line_total=None,
                indicative=False,
                reason=item.note,
                checked=item.checked,
            )
        )
    return ExportDoc(title, "list", f"list:{list_id}", "", None, "", tuple(rows), ())


def resolve(db: Database, ref: str) -> ExportDoc:
    """ORDER_ID or list:ID."""
    text = ref.strip()
    if text.lower().startswith("list:"):
        number = text[5:]
        if not number.isdigit():
            raise UserError(f"{ref!r}: a shopping list is list:ID with a number")
        return list_doc(db, int(number))
    if not text.isdigit():
        raise UserError(f"{ref!r} is not an order id (a number) or list:ID")
    return order_doc(load_order(db, int(text)))


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _text_cell(text: str) -> str:
    """Text a spreadsheet must not run as a formula: product names come from a store's API and list
    items from the user, and a leading = + - @ would make Excel or LibreOffice evaluate them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(doc: ExportDoc) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in doc.rows:
        a, i, p, b, r = (_text_cell(t) for t in (row.aisle, row.item, row.product, row.brand, row.reason))
        writer.writerow(
            [a, i, p, b, f"{row.quantity:g}", _text_cell(row.package), _money(row.unit_price),
             _money(row.line_total), doc.currency, "yes" if row.indicative else "no", r]
        )  # fmt: skip
    return "\ufeff" + buffer.getvalue()


def _line_text(row: ExportRow, currency: str) -> str:
    what = row.product or row.item
    qty = f"{row.quantity:g} x {row.package}" if row.product else f"{row.quantity:g} {row.package}"
    price = (
        f" - {row.line_total:.2f} {currency}{'*' if row.indicative else ''}"
        if row.line_total is not None
        else ""
    )
    return f"{what}, {qty}{price}"


def _box(row: ExportRow) -> str:
    return "[x]" if row.checked else "[ ]"


def to_markdown(doc: ExportDoc) -> str:
    out = [f"# {doc.title}", ""]
    if doc.total is not None:
        out += [f"Total: **{doc.total:.2f} {doc.currency}**" + (f" ({doc.status})" if doc.status else ""), ""]
    for aisle, rows in doc.by_aisle():
        out.append(f"## {aisle}")
        out.append("")
        for row in rows:
            out.append(
                f"- {_box(row)} {_line_text(row, doc.currency)}"
                + (f"  \n  _{row.reason}_" if row.reason else "")
            )
        out.append("")
    out += [f"> {note}" for note in doc.notes]
    return "\n".join(out).rstrip() + "\n"


def to_text(doc: ExportDoc) -> str:
    out = [doc.title, "=" * len(doc.title)]
    for aisle, rows in doc.by_aisle():
        out += ["", aisle.upper()]
        out += [f"{_box(row)} {_line_text(row, doc.currency)}" for row in rows]
    if doc.total is not None:
        out += ["", f"Total: {doc.total:.2f} {doc.currency}"]
    out += [""] + list(doc.notes) if doc.notes else []
    return "\n".join(out).rstrip() + "\n"


def to_json(doc: ExportDoc) -> str:
    data: dict[str, Any] = {
        "title": doc.title,
        "kind": doc.kind,
        "ref": doc.ref,
        "status": doc.status,
        "currency": doc.currency,
        "total": doc.total,
        "notes": list(doc.notes),
        "lines": [
            {"aisle": r.aisle, "item": r.item, "name": r.item, "product": r.product, "brand": r.brand,
             "quantity": r.quantity, "package": r.package, "unit_price": r.unit_price, "line_total": r.line_total,
             "indicative": r.indicative, "reason": r.reason}
            for r in doc.rows
        ],
    }  # fmt: skip
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(doc: ExportDoc, fmt: str, *, paper: str = "a4") -> bytes:
    if fmt == "csv":
        return to_csv(doc).encode("utf-8")
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "txt":
        return to_text(doc).encode("utf-8")
    if fmt == "json":
        return to_json(doc).encode("utf-8")
    if fmt == "pdf":
        from agents.cart.pdf import to_pdf

        return to_pdf(doc, paper=paper)
    raise UserError(f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")


def write_atomic(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:  # a read-only or full folder
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror}") from None


def export(
    db: Database, ref: str, fmt: str, out: Path | None, *, paper: str = "a4"
) -> tuple[ExportDoc, bytes]:
    doc = resolve(db, ref)
    data = render(doc, fmt, paper=paper)
    if out is not None:
        write_atomic(out, data)
    return doc, data
