"""noticewatch: understand privacy notices and alert when what they say changes."""

__version__ = "0.1.0"
