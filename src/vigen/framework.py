"""Chapter 7's table, read from the models so that it cannot drift from them.

Each model module declares ``FRAMEWORK``: what its latent variable is, the two
joints it compares (the KL's first and second slot), which KL it minimises, what it
learns and what it drops.  :func:`framework_rows` collects them; the benchmark tables
beside it come from :mod:`vigen.report`.
"""
from __future__ import annotations

from vigen.models import aae, ali, em, gan, vae

__all__ = ["MODEL_MODULES", "COLUMNS", "framework_rows"]

MODEL_MODULES = {"vae": vae, "em": em, "gan": gan, "aae": aae, "ali": ali}
"""The model modules that declare a ``FRAMEWORK`` row, by short name, in the book's order."""

COLUMNS = {"model": "Model", "latent": "Latent variable", "first_slot": "First slot (sampled)",
           "second_slot": "Second slot (log-density in the integrand)", "kl": "KL minimised", "learned": "Learned",
           "approximated": "Dropped or approximated"}
"""The keys every ``FRAMEWORK`` dict must have, with their column titles."""


def framework_rows(modules=MODEL_MODULES) -> list:
    """The ``FRAMEWORK`` row (a dict, or a tuple of dicts) of each model named in ``modules`` (short
    names of :data:`MODEL_MODULES`), checked for the keys of :data:`COLUMNS`.

    Examples
    --------
    >>> framework_rows(["vae"])[0]["model"]
    'VAE'
    """
    rows = []
    for name in modules:
        if name not in MODEL_MODULES:
            raise ValueError(f"modules must be names among {list(MODEL_MODULES)}, got {name!r}")
        declared = getattr(MODEL_MODULES[name], "FRAMEWORK", None)
        declared = (declared,) if isinstance(declared, dict) else declared
        if not (isinstance(declared, tuple) and declared and all(isinstance(r, dict) for r in declared)):
            raise ValueError(f"vigen.{name} declares no FRAMEWORK dict (or tuple of dicts)")
        for row in declared:
            missing = set(COLUMNS) - set(row)
            if missing:
                raise ValueError(f"vigen.{name}.FRAMEWORK lacks {sorted(missing)}")
            rows.append(row)
    return rows


