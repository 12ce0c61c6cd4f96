"""The JSON columns' text: :mod:`monitor.jsontext`, where a reader process can use it too.

A reader process writes a page's facts as the version row will store them
(:class:`monitor.jsontext.EncodedFacts`) and must not import storage (SQLAlchemy), so
the codec lives in ``monitor``; the engine and older imports find it here as before.
"""

from monitor.jsontext import dumps, loads

__all__ = ["dumps", "loads"]
