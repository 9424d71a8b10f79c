"""The performance benchmark: synthetic corpora, timed builds, RESULTS.md (run it with `make bench`)."""
