"""``python -m vigen.bench NAME [options]``: run the benchmark module vigen.bench.NAME."""
import importlib
import sys

BENCHMARKS = ("em", "vae", "gan", "gan_dsteps", "gan_scale", "aae_ali")
"""The benchmark modules ``vigen.bench.NAME``, in the book's order."""


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    names = BENCHMARKS
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in names:
        print(f"usage: python -m vigen.bench {{{','.join(names)}}} [options]")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return importlib.import_module(f"vigen.bench.{argv[0]}").main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main())
