"""quotebot's front ends: the Discord bot, the console and the command line."""
