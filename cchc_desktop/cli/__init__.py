"""The `cchc` command line: the app's use cases for scripts and other departments' tooling.

A contract: commands, options, exit codes (0 ok, 1 findings, 2 user error) and JSON keys stay stable;
new ones are added, none renamed. Each group of commands is a module of this package with
register(subparsers) setting handler=...; their heavy imports (SQLAlchemy, python-docx, openpyxl)
happen inside the handlers, so that `cchc --help` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from ..arguments import EXIT_OK, EXIT_USER_ERROR, VietnameseArgumentParser
from ..domain.vn import nfc
from ..errors import UserError
from ..storage.locale_cache import keep_babel_symbols
from ..storage.location import default_db_path

if TYPE_CHECKING:
    from ..storage.repository import Repository

__all__ = ["build_parser", "main", "parse_arguments"]

Handler = Callable[[argparse.Namespace, "Repository"], int]

# The groups of commands (a module of this package each), in the order `cchc --help` lists them,
# with the commands each one's register() adds: the parser for one command imports its module
# alone (tests/test_cli_speed_tricks.py checks these names against what the modules register).
COMMANDS: dict[str, tuple[str, ...]] = {
    "reports": ("catalog", "new", "demo", "list", "show", "set", "delete"),
    "validate": ("validate",),
    "docx": ("export-docx",),
    "xlsx": ("export-xlsx", "import-xlsx"),
    "storage": ("backup", "restore", "check", "backups"),
    "header": ("header", "groups"),
    "copying": ("copy",),
    "pdf": ("export-pdf",),
    "lifecycle": ("status", "history"),
    "import_docx": ("import-docx",),
    "catalogs": ("catalogs", "catalog-add", "catalog-remove", "catalog-match"),
    "catalog_exchange": ("import-catalog", "export-catalog"),
    "merge": ("sub-units", "export-parts", "merge", "clear-override"),
    "summary": ("export-json", "import-json", "aggregate"),
}


def command_modules() -> list[ModuleType]:
    """Every group's module, in COMMANDS' order."""
    return [import_module(f".{name}", __name__) for name in COMMANDS]


# How a command uses the database (set_defaults(db_use=...)); "read" unless said otherwise:
# "read" needs an existing file, "create" may create it, "none" and "file" (backup, restore,
# check: they work on the file itself, damaged or not) do not open it through SQLAlchemy.
# "query" is a command that only reads: it gets a StartupStore (storage/quick.py), which answers
# through plain sqlite3 when the file is up to date and sound, and opens the full way otherwise
# or when a value cannot be read quickly (importing SQLAlchemy was most of such a command's time).
CREATES, NO_ENGINE, QUERY = {"create"}, {"none", "file"}, {"query"}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser (`cchc --help`, errors); with a command, only that command's parser is
    built (argparse took 10-30 ms for the 35 of them): `main` uses it when argv names a command."""
    parser = VietnameseArgumentParser(
        prog="cchc", description="CCHC Desktop: báo cáo cải cách hành chính từ dòng lệnh."
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        # the default path is looked up (platformdirs) only for a help text that is shown
        help=argparse.SUPPRESS
        if command
        else f"tệp cơ sở dữ liệu (mặc định: $CCHC_DB hoặc {default_db_path()})",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="LỆNH", parser_class=VietnameseArgumentParser
    )
    sub.required = True

    if command is None:
        for module in command_modules():
            module.register(sub)
        return parser
    target = _OneCommand(sub, command)
    for name, commands in COMMANDS.items():
        if command in commands:
            import_module(f".{name}", __name__).register(target)
    return parser


class _OneCommand:
    """The subparsers the command modules register into when only `command` is wanted: the
    others' add_parser get a stand-in that takes whatever is said to it and builds nothing."""

    def __init__(self, sub: Any, command: str) -> None:
        self._sub = sub
        self._command = command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self._sub.add_parser(name, **kwargs) if name == self._command else _IGNORED


class _Ignored:
    def __getattr__(self, name: str) -> Callable[..., _Ignored]:
        return self._take

    def _take(self, *args: Any, **kwargs: Any) -> _Ignored:
        return self


_IGNORED = _Ignored()


def _command_word(argv: Sequence[str]) -> str | None:
    """The command argv names (the first word that is not an option or --db's value), if any."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word
    return None


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """argv parsed as the whole parser parses it. The parser of argv's command alone is tried
    first, silently; help, any error, or a result naming another command goes to the whole parser,
    so that `--help`, usage and error texts are the whole parser's, word for word."""
    command = _command_word(argv)
    if command is not None:
        args = None
        quiet = io.StringIO()
        with (
            contextlib.redirect_stdout(quiet),
            contextlib.redirect_stderr(quiet),
            contextlib.suppress(SystemExit),
        ):
            args = build_parser(command).parse_args(argv)
        if args is not None and args.command == command:
            return args
    return build_parser().parse_args(argv)


def _utf8_stdio() -> None:
    # A Windows console may default to cp1252/cp437; Vietnamese must come out intact.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    keep_babel_symbols()
    try:
        args = parse_arguments([nfc(a) for a in (argv if argv is not None else sys.argv[1:])])
    except SystemExit as exc:  # --help, --version or a bad argument: argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    handler: Handler = args.handler
    use = getattr(args, "db_use", "read")
    engine = None
    store = None
    try:
        if use in NO_ENGINE:
            return handler(args, cast("Repository", None))
        from ..storage.backup import daily_backup

        if use in QUERY:
            from ..storage.quick import StartupStore

            store = StartupStore(args.db, create=False, notify=_tell)
            daily_backup(store.path)
            return handler(args, cast("Repository", store))
        from ..storage.db import open_engine
        from ..storage.repository import Repository

        engine = open_engine(args.db, create=use in CREATES, notify=_tell)
        daily_backup(Path(engine.url.database or ""))
        return handler(args, Repository(engine))
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # the reader stopped reading (`cchc show 1 | head`): stop quietly, as other tools do;
        # stdout goes to devnull so that the flush at exit does not fail a second time
        _silence_stdout()
        return EXIT_OK
    finally:
        if engine is not None:
            engine.dispose()
        if store is not None:
            store.dispose()


def _tell(message: str) -> None:
    print(message, file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (an embedding host): nothing to do
        pass
