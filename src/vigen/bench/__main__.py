"""``python -m vigen.bench NAME [options]``: run the benchmark module vigen.bench.NAME."""
import importlib
import pkgutil
import sys

import vigen.bench as bench


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in names:
        print(f"usage: python -m vigen.bench {{{','.join(names)}}} [options]")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return importlib.import_module(f"vigen.bench.{argv[0]}").main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main())
