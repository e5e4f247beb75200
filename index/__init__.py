"""quotebot's engine: articles in, verbatim quoted and cited answers out. No Discord imports."""
