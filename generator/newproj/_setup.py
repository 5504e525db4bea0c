"""Running the template's setup hook (hooks/setup.py) with a live progress display.

The hook is the same file copier runs as a `_task`; here it is imported from the template being
rendered and driven step by step, so the user sees each step, a spinner and the elapsed time.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from newproj._errors import CancelledError, TemplateError

ICONS = {"ok": "[green]✓[/]", "failed": "[red]✗[/]", "skipped": "[yellow]-[/]", "pending": " "}


def load_hook(template_root: Path) -> ModuleType:
    path = template_root / "hooks" / "setup.py"
    spec = importlib.util.spec_from_file_location("newproj_template_setup_hook", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise TemplateError(f"The template has no setup hook at {path}")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is created.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class _Progress:
    """A step list that rich re-renders on every refresh, so the running step's clock ticks."""

    def __init__(self, steps: list[str]) -> None:
        self.rows: dict[str, dict[str, Any]] = {name: {"status": "pending"} for name in steps}
        self.started: dict[str, float] = {}

    def update(self, step: Any) -> None:
        row = self.rows.setdefault(step.name, {})
        row.update(status=step.status, seconds=step.seconds, detail=step.detail)
        if step.status == "running":
            self.started[step.name] = time.monotonic()

    def __rich__(self) -> Any:
        from rich.spinner import Spinner
        from rich.table import Table

        table = Table.grid(padding=(0, 1))
        for name, row in self.rows.items():
            status = row["status"]
            if status == "running":
                elapsed = time.monotonic() - self.started.get(name, time.monotonic())
                table.add_row(Spinner("dots"), name, f"[dim]{elapsed:.1f} s[/]", "")
            else:
                seconds = f"{row.get('seconds', 0):.1f} s" if status in {"ok", "failed"} else ""
                detail = row.get("detail", "") if status != "ok" else ""
                table.add_row(ICONS.get(status, " "), name, f"[dim]{seconds}[/]", detail)
        return table


def run_setup(
    template_root: Path,
    project: Path,
    *,
    show_progress: bool,
    skip: tuple[str, ...] = (),
    on_done: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the setup steps (but `skip`) in `project`; returns the hook's report as a dict.
    `on_done` hears the name of each step that ended (ok, failed or skipped)."""
    hook = load_hook(template_root)

    def done(step: Any) -> None:
        if on_done and step.status not in {"running", "pending"}:
            on_done(step.name)

    if not show_progress:
        report = hook.run_setup(project, on_event=done, skip=skip)
        return dict(report.as_dict())
    from rich.console import Console
    from rich.live import Live

    progress = _Progress([name for name in hook.STEPS if name not in skip])
    console = Console(stderr=True)

    def event(step: Any) -> None:
        progress.update(step)
        done(step)

    with Live(progress, console=console, refresh_per_second=8, transient=False):
        report = hook.run_setup(project, on_event=event, skip=skip)
        progress.rows = {step.name: progress.rows[step.name] for step in report.steps}
    return dict(report.as_dict())


def run_setup_or_explain(
    template_root: Path, project: Path, *, show_progress: bool, skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """`run_setup`, and on Ctrl-C a CancelledError that says what was left and how to finish."""
    finished: list[str] = []
    hook = load_hook(template_root)
    steps = [name for name in hook.STEPS if name not in skip]
    try:
        return run_setup(
            template_root,
            project,
            show_progress=show_progress,
            skip=skip,
            on_done=finished.append,
        )
    except KeyboardInterrupt:
        left = [name for name in steps if name not in finished]
        raise CancelledError(
            f"Cancelled during setup. The project is in {project}, set up as far as "
            f"{finished[-1] if finished else 'nothing'} (not done: {', '.join(left)}). "
            f"Finish it with: newproj setup {project}"
        ) from None
