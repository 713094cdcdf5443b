"""Run the everyday benchmarks: `python -m bench` (what `make bench` does): public pages,
registrations under contention, the importer's pages per second, and peer matching over
10,000 cities and a million items' experience. Search at scale has its own:
`make bench-search`."""

from bench import ingest, matching, pages, registration

if __name__ == "__main__":
    pages.main()
    registration.main()
    ingest.main()
    matching.main([])
