"""Search every SR28 food Larder ships (its ingredients first, then all 8,790 USDA SR28 foods), to give
an item of your own its nutrients: `larder foods kimchi` lists id (the SR28 NDB number), name, a few
nutrients per 100 g and the grams one piece counts by default (* marks Larder's own ingredients); then
`larder review SCAN_ID --nutrients "kimchi=11118@400"` counts that item as the food from now on, 400 g
a piece (without @GRAMS: Larder's package weight, else SR28's largest household portion).
Every query word must start a word of the food's name: "cola" finds colas, not chocolate.
`larder foods --links` lists the links made."""

from __future__ import annotations

import argparse

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="*", help="words of the food's name or SR28 description")
    p.add_argument("--limit", type=int, default=25, help="at most this many matches (default 25)")
    p.add_argument("--links", action="store_true", help="list your own items linked to a food")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    larder = ctx.larder
    if args.links:
        if args.query:
            raise UserError("--links lists every link; give no query with it")
        links = larder.food_links()

        def links_text() -> str:
            if not links:
                return "no item of your own is linked to a food yet"
            return "\n".join(
                f"{link.name:34} {link.food.id:>6}  {link.food.name}, {link.piece_g:g} g a piece ({link.piece_why})"
                for link in links
            )

        ctx.emit({"links": [link.to_public() for link in links]}, links_text)
        return 0
    if not 1 <= args.limit <= 500:
        raise UserError(f"--limit must be between 1 and 500, got {args.limit}")
    query = " ".join(args.query)
    found = larder.search_foods(query, args.limit)
    if not found and not ctx.as_json:
        raise UserError(f"no SR28 food matches {query!r}; try a shorter or more general word")

    def text() -> str:
        lines = [
            f"{'id':>6}  {'name':54} {'kcal':>5} {'protein':>8} {'fat':>6} {'carbs':>6}  per 100 g; a piece"
        ]
        for f in found:
            n = f.per_100g
            mark = "*" if f.in_larder else " "
            lines.append(
                f"{f.id:>6}{mark} {f.name[:54]:54} {n['energy_kcal']:5.0f} {n['protein_g']:7.1f}g "
                f"{n['fat_g']:5.1f}g {n['carbs_g']:5.1f}g  {f.piece_g:g} g"
            )
        if any(f.in_larder for f in found):
            lines.append("* one of Larder's ingredients (a piece is its usual package)")
        return "\n".join(lines)

    ctx.emit({"query": query, "foods": [f.to_public() for f in found]}, text)
    return 0
