"""Items and what every item shares: status, slugs, Markdown, dates, translations, places, actors."""
