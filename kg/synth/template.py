"""Sentence templates: text with `{slot}` holes, compiled once and filled many times.

A slot written with a capital (`{Content}`) is filled with its value's first letter raised. Which
slots a template may use is decided by where it is read from; an unknown one is an error naming the
template and where it came from. Filling is `str.format_map` over the checked text (slots in text
order, as the gold needs them), which is several times quicker than joining pieces in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import KGError

_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


class SynthDataError(KGError):
    """A data file of the synthetic corpus (kg/data/synth/) says something the generator cannot use."""

    code = "E801"


@dataclass(frozen=True, slots=True)
class Template:
    """A checked template: its text and the (lower-case) names of the slots it uses."""

    text: str
    slots: frozenset[str]


def compile_template(text: str, allowed: frozenset[str], where: str) -> Template:
    """`text` as a template whose slots are all in `allowed`; `where` names its file and section."""
    names = _SLOT.findall(text)
    for name in names:
        if name.lower() not in allowed:
            raise SynthDataError(f"{where}: unknown slot {{{name}}} in {text!r}; known here: "
                                 f"{', '.join(sorted(allowed))}")
    if "{" in _SLOT.sub("", text) or "}" in _SLOT.sub("", text):
        raise SynthDataError(f"{where}: a brace that opens no slot in {text!r}")
    return Template(text, frozenset(n.lower() for n in names))


class _Values:
    """The mapping `str.format_map` reads: each slot as written, filled by `fill` with its lower-case name."""

    __slots__ = ("fill",)

    def __init__(self, fill: Callable[[str], str]) -> None:
        self.fill = fill

    def __getitem__(self, written: str) -> str:
        name = written.lower()
        value = self.fill(name)
        return value if written == name else value[:1].upper() + value[1:]


def render(template: Template, fill: Callable[[str], str]) -> str:
    """The template's text with each slot replaced by `fill(name)`, slots filled in text order."""
    return template.text.format_map(_Values(fill))


__all__ = ["SynthDataError", "Template", "compile_template", "render"]
