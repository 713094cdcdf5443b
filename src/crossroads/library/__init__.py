"""Resources (reports, briefs, guidance, flyers…) and their language versions."""
