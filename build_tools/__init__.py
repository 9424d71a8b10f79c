"""Turn seeds/ (articles plus a shared glossary) into the Markdown of an annotated briefing site."""
