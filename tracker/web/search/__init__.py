"""Full-text search of suggestions and the similar-suggestions lookup of the draft form."""
