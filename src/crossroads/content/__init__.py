"""Items and what they share: status, slugs, Markdown, dates, translations, places, actors."""
