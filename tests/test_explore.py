"""The explorers' two faces: the live widget builds (ipywidgets 7.7 and 8 API) and the page's filmstrip
draws the same figure at each setting; bad settings get clear errors; animations need no network."""
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402

from vigen import aae, em, vae  # noqa: E402
from vigen.core.toys import (
    DiscreteToy,  # noqa: E402
    LinearGaussianToy,  # noqa: E402
)
from vigen.explore import ali as explore_ali  # noqa: E402
from vigen.explore import em as explore_em  # noqa: E402
from vigen.explore import faces  # noqa: E402
from vigen.explore import gan as explore_gan  # noqa: E402
from vigen.explore import vae as explore_vae  # noqa: E402
from vigen.explore import vi as explore_vi  # noqa: E402
from vigen.plots.animation import offline_jshtml  # noqa: E402
from vigen.plots.style import use_book_style  # noqa: E402

widgets = pytest.importorskip("ipywidgets")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _panels(fig):
    return len(fig.subfigs)


def test_filmstrip_draws_one_titled_panel_per_setting_in_the_given_columns():
    drawn = []

    def draw(fig, a):
        drawn.append(a)
        fig.subplots().plot([0, a])

    fig = faces.filmstrip(draw, [{"a": 1.0}, {"a": 2.0}, {"a": 3.0}], panel=(2, 1), ncols=2)
    assert drawn == [1.0, 2.0, 3.0] and _panels(fig) == 4
    assert [s._suptitle.get_text() for s in fig.subfigs[:3]] == ["a = 1", "a = 2", "a = 3"]
    assert tuple(fig.get_size_inches()) == (4, 2)


@pytest.mark.parametrize("kwargs, match", [({"settings": []}, "settings"), ({"settings": [1]}, "settings"),
                                           ({"settings": [{"a": 1}], "titles": ["x", "y"]}, "titles"),
                                           ({"settings": [{"a": 1}], "ncols": 0}, "ncols")])
def test_filmstrip_names_the_bad_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        faces.filmstrip(lambda fig, a: None, panel=(1, 1), **kwargs)


def test_live_needs_a_control():
    with pytest.raises(ValueError, match="controls"):
        faces.live(lambda fig: None, {}, figsize=(1, 1))


def test_chapter_1_filmstrip_closes_the_gap_only_at_the_true_posterior():
    toy = LinearGaussianToy(enc_slope=0.3, enc_shift=-0.2, enc_scale=0.4)
    assert isinstance(explore_vi.bound_explorer(toy), widgets.Widget)
    fig = explore_vi.bound_filmstrip(toy)
    bars = [[p.get_height() for p in sub.axes[0].patches] for sub in fig.subfigs]    # marginal, gap, joint
    assert [gap < 1e-9 for _, gap, _ in bars] == [False, True, False, False]
    assert all(joint == pytest.approx(marginal + gap) for marginal, gap, joint in bars)


def test_chapter_2_explorer_and_filmstrip():
    model = vae.VAE(64, 2, hidden=8)
    assert isinstance(explore_vae.latent_explorer(model), widgets.Widget)
    assert _panels(explore_vae.latent_filmstrip(model, [(0, 0), (1, 0), (0, 1), (-1, -1)])) == 4


def test_chapter_3_explorer_and_filmstrip():
    X = torch.randn(60, 2, dtype=torch.float64)
    states = explore_em.em_snapshots(em.GaussianMixtureEM(2, init="random", seed=0), X, 4)
    assert isinstance(explore_em.em_explorer(X, states), widgets.Widget)
    assert _panels(explore_em.em_filmstrip(X, states, [0, 1, 2, 4])) == 6       # two rows of three
    with pytest.raises(ValueError, match="iterations"):
        explore_em.em_filmstrip(X, states, [0, 5])


def test_chapter_4_explorer_and_filmstrip_show_both_losses():
    p = torch.tensor([0.5, 0.3, 0.2], dtype=torch.float64)
    q0 = torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64)
    assert isinstance(explore_gan.iteration_explorer(p, q0, n_iter=3), widgets.Widget)
    fig = explore_gan.iteration_filmstrip(p, q0, [0, 1, 3], n_iter=3)
    assert [s._suptitle.get_text() for s in fig.subfigs] == ["t = 0", "t = 1", "t = 3", "t = 0, no KL",
                                                            "t = 1, no KL", "t = 3, no KL"]
    with pytest.raises(ValueError, match="steps"):
        explore_gan.iteration_filmstrip(p, q0, [4], n_iter=3)


def test_chapter_5_explorer_and_filmstrip():
    from vigen.explore import aae as explore_aae

    model = aae.AAE(64, 2, hidden=8, d_hidden=8)
    codes, labels = torch.randn(10, 2), torch.arange(10) % 3
    assert isinstance(explore_aae.latent_explorer(model, codes, labels), widgets.Widget)
    fig = explore_aae.latent_filmstrip(model, codes, labels, [(0, 0), (2, 2)])
    assert _panels(fig) == 2 and fig.subfigs[1].axes[1].get_title().startswith("D(z) = ")   # shown, not an axis label
    with pytest.raises(ValueError, match="latent_dim"):
        explore_aae.latent_filmstrip(aae.AAE(64, 3, hidden=8, d_hidden=8), codes, labels, [(0, 0)])


def test_chapter_6_explorer_and_filmstrip():
    toy = DiscreteToy.random(5, 4, seed=0)
    assert isinstance(explore_ali.toy_explorer(toy, max_steps=2), widgets.Widget)
    fig = explore_ali.toy_filmstrip(toy, [("su", 0), ("su_full", 2)], max_steps=2)
    assert _panels(fig) == 2
    assert fig.subfigs[1]._suptitle.get_text().startswith("Su's full objective, after 2 rounds: JS")
    with pytest.raises(ValueError, match="settings"):
        explore_ali.toy_filmstrip(toy, [("nope", 0)], max_steps=2)


def test_offline_jshtml_has_no_network_request_and_labelled_buttons():
    fig, ax = plt.subplots()
    html = offline_jshtml(FuncAnimation(fig, lambda i: ax.plot([i], [i]), frames=2))
    assert "https://" not in html and "font-awesome" not in html and 'class="fa ' not in html
    assert 'title="Play"' in html and "▶" in html
    assert re.search(r'<img id="_anim_img\w*" alt="animation frame">', html)


def test_book_style_sets_legible_fonts():
    use_book_style()
    assert matplotlib.rcParams["figure.dpi"] == 100 and matplotlib.rcParams["xtick.labelsize"] >= 9
