"""Give every figure's image its caption as alt text.

MyST-NB writes a notebook figure's image without alt text, and Sphinx then falls back to the image's
hashed file name, which is what a screen reader would read.  An image inside a figure gets the figure's
caption instead (without its "Fig. N" number); an image that already has alt text keeps it.
"""
from docutils import nodes


def _caption_as_alt(app, doctree, docname):
    for figure in doctree.findall(nodes.figure):
        captions = list(figure.findall(nodes.caption))
        if not captions:
            continue
        text = " ".join(captions[0].astext().split())
        for image in figure.findall(nodes.image):
            if not image.get("alt"):
                image["alt"] = text


def setup(app):
    app.connect("doctree-resolved", _caption_as_alt)
    return {"parallel_read_safe": True}
