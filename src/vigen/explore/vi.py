"""Chapter 1's explorer: the encoder of a linear-Gaussian toy, moved by sliders (live) or shown at four
settings (the page's filmstrip).  Moving the encoder changes the joint KL and the gap, never the marginal
KL: the encoder only decides how tight the bound is."""
from __future__ import annotations

from vigen.core.toys import LinearGaussianToy
from vigen.explore.faces import filmstrip, live
from vigen.plots.vi import draw_decomposition

__all__ = ["draw_encoder", "bound_explorer", "bound_filmstrip"]


def draw_encoder(fig, toy: LinearGaussianToy, m: float, c: float, t: float, *, legend: bool = True):
    """Chapter 1's chain-rule bars (joint KL = marginal KL + gap) for the encoder p(z|x) = N(m x + c, t²)."""
    ax = fig.subplots()
    new = toy.with_encoder(m, c, t)
    draw_decomposition(new, ax=ax)
    ax.set_ylim(0, max(2.0, 1.1 * new.decomposition().joint))
    if not legend:
        ax.get_legend().remove()
        ax.set_xticks([0, 1], ["marginal\n+ gap", "joint"])
    return ax


def bound_explorer(toy: LinearGaussianToy):
    """Sliders over the encoder's slope m, shift c and scale t of ``toy``; returns the widget."""
    import ipywidgets as widgets

    controls = {"m": widgets.FloatSlider(value=float(toy.enc_slope), min=-1.5, max=1.5, step=0.05,
                                         description="slope m"),
                "c": widgets.FloatSlider(value=float(toy.enc_shift), min=-1.5, max=1.5, step=0.05,
                                         description="shift c"),
                "t": widgets.FloatLogSlider(value=float(toy.enc_scale), base=10, min=-1.5, max=0.5, step=0.05,
                                            description="scale t")}
    return live(lambda fig, **v: draw_encoder(fig, toy, **v), controls, figsize=(6, 3.5))


def bound_filmstrip(toy: LinearGaussianToy, settings=None):
    """The explorer at four encoders (default: the toy's own; its model's true posterior q(z|x), where
    the gap is zero; that posterior with its scale doubled; and with its slope reversed).
    Returns the figure."""
    if settings is None:
        own = {"m": float(toy.enc_slope), "c": float(toy.enc_shift), "t": float(toy.enc_scale)}
        exact = {"m": float(toy.post_slope), "c": float(toy.post_shift), "t": float(toy.post_scale)}
        settings = [own, exact, {**exact, "t": 2 * exact["t"]}, {**exact, "m": -exact["m"]}]
    titles = [f"m {s['m']:.2f}, c {s['c']:.2f}, t {s['t']:.2f}" for s in settings]
    return filmstrip(lambda fig, **v: draw_encoder(fig, toy, legend=False, **v), settings,
                     panel=(1.8, 2.6), titles=titles)
