"""Stories: news, press releases, blog posts, interviews, statements."""
