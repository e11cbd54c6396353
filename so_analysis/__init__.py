"""so-analysis: follow-up of the providers of samhällsorientering (SO)."""

__version__ = "0.1.0"
