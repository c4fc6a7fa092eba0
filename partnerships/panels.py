"""The partnership page's panels, contributed by the apps above this one.

The partnership page belongs to this app, but what it shows of agreements, meetings and
running costs belongs to those apps, which this one must not import. Each of them registers
a panel from its ``AppConfig.ready``; the page renders the panels in order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .selectors import PartnershipAccess

PanelContext = Callable[[Any, PartnershipAccess], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: PanelContext


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def panel_register(*, key: str, order: int, template: str, context: PanelContext) -> None:
    """Show ``template`` on every partnership page, with ``context(user, access)`` as its
    ``panel`` variable; a context of None leaves the panel out for that partnership.
    Registering a key again replaces the panel (``ready`` may run more than once in tests)."""
    _panels[key] = Panel(order=order, template=template, context=context)


def panels_for(user, access: PartnershipAccess) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(user, access)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered


# --- the home page ("Mine partnerskap") --------------------------------------------------------

HomePanelContext = Callable[[Any, list[int]], dict[str, Any] | None]

_home_panels: dict[str, Panel] = {}


def home_panel_register(*, key: str, order: int, template: str, context: HomePanelContext) -> None:
    """Show ``template`` on the home page, with ``context(user, partnership_ids)`` as its
    ``panel`` variable: the ids of every partnership the user may see, in the home page's
    order (the page itself shows only some of them). A context of None leaves the panel out.
    Registering a key again replaces the panel."""
    _home_panels[key] = Panel(order=order, template=template, context=context)


def home_panels_for(user, partnership_ids: list[int]) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_home_panels.values(), key=lambda p: p.order):
        context = panel.context(user, partnership_ids)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered
