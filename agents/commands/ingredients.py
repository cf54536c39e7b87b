"""Look up the ingredient reference data by id, name, alias or category (USDA SR28 nutrients per 100 g)."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", default="", help="id, name, alias or category; empty lists all")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    found = ctx.larder.ingredients(args.query)
    if not found and not ctx.as_json:
        raise UserError(f"no ingredient matches {args.query!r}")
    rows = [ing.to_public() for ing in found]

    def text() -> str:
        lines = [f"{'id':32} {'name':40} {'kcal':>6} {'protein':>8}  per 100 g"]
        for ing in found:
            n = ing.nutrients
            lines.append(f"{ing.id:32} {ing.name[:40]:40} {n['energy_kcal']:6.0f} {n['protein_g']:7.1f}g")
        return "\n".join(lines)

    ctx.emit({"query": args.query, "ingredients": rows}, text)
    return 0
