"""Facts about the book read from _config.yml and _toc.yml (shared by the book tests)."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]


def toc_files() -> list[str]:
    """Root-relative paths (no extension) of every page in _toc.yml, in reading order."""
    files = [TOC["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in TOC.get("parts", []):
        walk(part.get("chapters"))
    walk(TOC.get("chapters"))
    return files


def source_of(page: str) -> Path:
    """The .md or .ipynb file behind a toc entry."""
    for ext in (".ipynb", ".md"):
        if (ROOT / (page + ext)).exists():
            return ROOT / (page + ext)
    raise FileNotFoundError(page)


def chapters() -> list[Path]:
    """The chapter notebooks, book/0N_*.ipynb, in order."""
    return sorted((ROOT / "book").glob("0*.ipynb"))


def experiments() -> list[Path]:
    """The notebooks of the Experiments part, book/experiments/*.ipynb."""
    return sorted((ROOT / "book" / "experiments").glob("*.ipynb"))


def notebooks() -> list[Path]:
    """Every notebook of the book: the chapters, then the experiment pages."""
    return chapters() + experiments()


def colab_url(notebook: Path) -> str:
    """The launch URL Jupyter Book's Colab button points at for a notebook."""
    org_repo = REPO_URL.split("github.com/")[1]
    return f"https://colab.research.google.com/github/{org_repo}/blob/{BRANCH}/{notebook.relative_to(ROOT).as_posix()}"
