"""Leave namedtuple fields out of the API reference: autodoc documents each as "Alias for field number N",
which says nothing; each class's own docstring describes its fields."""


def _skip_namedtuple_fields(app, what, name, obj, skip, options):
    if (getattr(obj, "__doc__", None) or "").startswith("Alias for field number"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_namedtuple_fields)
    return {"parallel_read_safe": True}
