"""Open formats for other programs: feeds, calendars, the sitemap, schema.org metadata."""
