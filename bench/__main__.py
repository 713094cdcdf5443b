"""Run the everyday benchmarks: `python -m bench` (what `make bench` does): public pages,
and registrations under contention. Search at scale has its own: `make bench-search`."""

from bench import pages, registration

if __name__ == "__main__":
    pages.main()
    registration.main()
