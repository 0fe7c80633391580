"""argparse in French: its own messages ("usage:", "error:", "unrecognized arguments"…).

argparse wraps each of its messages in ``gettext`` (``_('usage: ')``), looked up in the
module's globals at the moment a message is made. :func:`install` points those two
hooks (``_`` and ``ngettext``) at a small French catalogue; a message it does not
know (a newer Python's) stays in English rather than breaking.
:class:`FrenchParser` installs it and words the parser's own ``--help``.
"""

from __future__ import annotations

import argparse

__all__ = ["CATALOGUE", "FrenchParser", "install"]

#: argparse's messages (Python 3.11 to 3.13) and their French.
CATALOGUE = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "un de ces arguments est obligatoire : %s",
    "not allowed with argument %s": "impossible avec l'argument %s",
    "ignored explicit argument %r": "valeur %r ignorée (cet argument n'en prend pas)",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue : %(parser_name)r (commandes : %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "subcommands": "commandes",
}
_PLURALS = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
    "conflicting option string: %s": ("option en double : %s", "options en double : %s"),
}


def _french(message: str) -> str:
    return CATALOGUE.get(message, message)


def _french_plural(singular: str, plural: str, count: int) -> str:
    if singular in _PLURALS:
        one, many = _PLURALS[singular]
        return one if count == 1 else many
    return singular if count == 1 else plural


def install() -> None:
    """Point argparse's gettext hooks at the French catalogue (idempotent)."""
    argparse._ = _french  # type: ignore[attr-defined]
    argparse.ngettext = _french_plural  # type: ignore[attr-defined]


class _Commands(argparse._SubParsersAction):
    """Subcommands whose ``--help`` opens with the line the command list shows for them."""

    def add_parser(self, name: str, **kwargs):  # noqa: ANN201 - argparse's own signature
        summary = kwargs.get("help")
        if summary and "description" not in kwargs:
            kwargs["description"] = summary[0].upper() + summary[1:] + "."
        return super().add_parser(name, **kwargs)


class FrenchParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words are French (subparsers are of this class too)."""

    def __init__(self, *args, **kwargs) -> None:
        install()
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Commands)
