"""Run the everyday benchmarks: `python -m bench` (what `make bench` does): public pages,
registrations under contention, and the importer's pages per second. Search at scale has
its own: `make bench-search`."""

from bench import ingest, pages, registration

if __name__ == "__main__":
    pages.main()
    registration.main()
    ingest.main()
