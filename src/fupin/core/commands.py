"""Base class for fupin's management commands: migrate first, user errors without tracebacks,
and the database stopped or unreachable as one line: `database unreachable: <where> (<reason>)`
on stderr, exit status 1."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fupin.core.errors import FupinError, RowErrors
from fupin.core.outage import describe, unreachable
from fupin.policy.errors import PolicyError


def ensure_migrated() -> None:
    """Apply pending migrations (quietly) so every command works on a fresh database."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


class FupinCommand(BaseCommand):
    """A command whose user errors print as one clear message and exit 1."""

    needs_database = True

    def execute(self, *args: Any, **options: Any) -> Any:
        if options.get("stderr"):  # as BaseCommand.execute would, before migrating
            self.stderr = OutputWrapper(options["stderr"])
        try:
            if self.needs_database:
                ensure_migrated()
            return super().execute(*args, **options)
        except RowErrors as exc:
            limit = 200
            for err in exc.errors[:limit]:
                self.stderr.write(str(err))
            if len(exc.errors) > limit:
                self.stderr.write(f"… and {len(exc.errors) - limit} more")
            raise CommandError(exc.message) from None
        except FupinError as exc:
            raise CommandError(exc.message) from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except PolicyError as exc:
            raise CommandError(str(exc)) from None
        except BrokenPipeError:  # output piped into `head`: not an error
            sys.exit(0)
        except OSError as exc:
            raise CommandError(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": ")) from None
        except KeyboardInterrupt:
            self.stderr.write("interrupted")
            sys.exit(130)
        except Exception as exc:
            if unreachable(exc) is None:
                raise
            self.stderr.write(describe(exc))
            sys.exit(1)

    def handle(self, *args: Any, **options: Any) -> Any:  # pragma: no cover - subclasses
        raise CommandError("this command has no action")
