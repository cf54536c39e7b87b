"""The `larder` command line: every subcommand runs headless through the front door (agents.app).

Every subcommand lives in agents/commands/<module>.py with `add_arguments(parser)` and
`run(args, ctx) -> int`: argument parsing and rendering only, the work is `ctx.larder`'s. User errors
exit 2 with one line on stderr and never a traceback.

A bare `larder` opens the window, but that is decided outside the core: the console script is
desktop.launch:main, which hands `main` an `open_window` callback. Without one (`python -m agents.cli`)
a bare call prints the help.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
import traceback
from collections.abc import Callable, Collection, Sequence
from typing import NoReturn

from agents.context import CommandContext
from agents.errors import AgentError, UserError

# name -> (module under agents.commands, one-line help). Order is the order of `larder --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("scan", "detect ingredients in fridge photos (and --save them to the inventory)"),
    "import": ("import_cmd", "import a wearable export (Apple Health, Fitbit, Garmin, Google Fit, Samsung)"),
    "profile": ("profile", "show or update your profile and food preferences"),
    "plan": ("plan", "targets, what the fridge supplies, deficits and recommendations"),
    "list": ("shopping", "your own shopping list (add, check, remove); the cart buys it too"),
    "cart": ("cart", "build a priced draft order that closes the gaps"),
    "orders": ("orders", "list, show, submit or cancel orders"),
    "runs": ("runs", "past plan runs: their agents' timeline and why each cart line is there"),
    "export": ("export", "export an order or shopping list (csv, md, txt, json, pdf)"),
    "inventory": ("inventory", "list, add, edit or undo inventory items"),
    "ingredients": ("ingredients", "look up the ingredient reference data"),
    "foods": ("foods", "search the SR28 foods whose nutrients an item of your own can be counted as"),
    "train": ("train", "train a YOLO ingredient detector"),
    "eval": ("eval", "evaluate a detector on a labelled YOLO data set"),
    "review": ("review", "review a saved scan: confirm, reject, relabel, recount or add detections"),
    "learn": ("learn", "teach Larder from your reviewed photos: a personal model (or --rollback)"),
    "backup": ("backup", "back the database up now (Larder also keeps one a day and one per upgrade)"),
    "restore": ("restore", "replace the database with a backup (the current one is kept as a backup)"),
    "export-data": ("export_data", "write all your personal data as one JSON file"),
    "forget": ("forget", "delete all of Larder's data about you, keyring entries included"),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("larder")
    except PackageNotFoundError:
        return "0+unknown"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so errors stay one line."""

    def error(self, message: str) -> NoReturn:
        where = self.prog.removeprefix("larder").strip()
        raise UserError(f"{where + ': ' if where else ''}{message} (see --help)")


def _common() -> _Parser:
    common = _Parser(add_help=False)
    # SUPPRESS keeps a value given before the subcommand from being reset by the subparser's default.
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output on stdout"
    )
    common.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="state folder (default: $LARDER_HOME or the user data folder)",
    )
    return common


def build_parser(load: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser. `load` names the subcommands whose modules are imported for their arguments
    (default: all); the others stay bare, which is enough to list them in `larder --help`."""
    common = _common()
    parser = _Parser(
        prog="larder",
        description="Larder looks into your fridge, knows what your body needs, and orders the difference. "
        "Run without a subcommand to open the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"larder {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        if load is not None and name not in load:
            sub.add_parser(name, help=help_text, parents=[common])
            continue
        module = importlib.import_module(f"agents.commands.{module_name}")
        p = sub.add_parser(
            name, help=help_text, description=(module.__doc__ or help_text).strip(), parents=[common]
        )
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, skipping global options (and --home's value) before it."""
    skip_next = False
    for token in argv:
        if skip_next:
            skip_next = False
        elif token == "--home":
            skip_next = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).strip().splitlines() if line.strip()]
    return " ".join(lines)[:500] if lines else "unknown error"


def main(argv: Sequence[str] | None = None, *, open_window: Callable[[str | None], int] | None = None) -> int:
    """Run `larder ARGV`. `open_window(home)` is what a bare `larder` does (the launcher passes it)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        # Only the chosen subcommand's module is imported: each pulls in its own agents and libraries.
        command = chosen_command(args_list)
        parser = build_parser(load=() if command is None else (command,))
        args = parser.parse_args(args_list)
    except UserError as exc:
        print(f"larder: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    home = getattr(args, "home", None)
    if args.command is None:
        if open_window is None:
            parser.print_help()
            return 0
        try:
            return open_window(home)
        except Exception as exc:
            if not _is_user_facing(exc):
                raise
            print(f"larder: {_one_line(str(exc))}", file=sys.stderr)
            return 2

    ctx = CommandContext(home=home, as_json=getattr(args, "json", False), stdout=sys.stdout)
    try:
        # Libraries (ultralytics above all) print progress to stdout; only ctx.emit may write there,
        # so that --json output stays parseable and human output stays readable.
        with contextlib.redirect_stdout(sys.stderr):
            return int(args._module.run(args, ctx) or 0)
    except KeyboardInterrupt:
        print("larder: cancelled", file=sys.stderr)
        return 130
    except Exception as exc:
        if _is_user_facing(exc):
            print(f"larder: {_one_line(str(exc))}", file=sys.stderr)
            return 2
        log = _log_crash(ctx)
        print(
            f"larder: internal error: {type(exc).__name__}: {_one_line(str(exc))} (details in {log})",
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()


def _is_user_facing(exc: BaseException) -> bool:
    if isinstance(exc, UserError | AgentError):
        return True
    from agents.app.errors import is_user_facing  # the data and vision errors too

    return is_user_facing(exc)


def _log_crash(ctx: CommandContext) -> str:
    try:
        path = ctx.paths.logs / "larder.log"
        logging.basicConfig(filename=path, level=logging.ERROR)
        logging.getLogger("larder").error("crash\n%s", traceback.format_exc())
        return str(path)
    except Exception:
        traceback.print_exc()
        return "stderr"


if __name__ == "__main__":
    sys.exit(main())
