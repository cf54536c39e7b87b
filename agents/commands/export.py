"""Export an order or a shopping list as CSV, Markdown, plain text, JSON or a printable PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from agents.context import CommandContext
from agents.errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("order_id", metavar="ORDER_ID", help="an order id, or list:ID for a shopping list")
    p.add_argument("--format", choices=["csv", "md", "txt", "json", "pdf"], default="csv")
    p.add_argument("--out", metavar="FILE", help="output file (default: stdout for text formats)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="PDF page size")


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    out = Path(args.out).expanduser() if args.out else None
    if out is None and args.format == "pdf":
        raise UserError("a PDF needs --out FILE")
    if out is None and ctx.as_json:
        raise UserError("--json prints a summary; give --out FILE for the export itself")
    result = ctx.larder.export(args.order_id, args.format, out, paper=args.paper)
    if result.path is None:
        # ctx.stdout, not sys.stdout: the CLI points sys.stdout at stderr while a command runs.
        ctx.stdout.write(result.data.decode("utf-8").lstrip("\ufeff"))
        ctx.stdout.flush()
        return 0
    ctx.emit(
        {
            "export": {
                "ref": result.ref,
                "format": result.format,
                "path": str(result.path),
                "bytes": len(result.data),
                "lines": result.lines,
            }
        },
        f"wrote {out} ({result.format}, {result.lines} lines)",
    )
    return 0
