"""Run every benchmark: `python -m bench` (what `make bench` does)."""

from bench import pages

if __name__ == "__main__":
    pages.main()
