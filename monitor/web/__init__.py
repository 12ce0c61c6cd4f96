"""A read-only web view of the database and Atom/JSON feeds of material changes.

``noticewatch web`` serves it on its own; ``noticewatch daemon --web-addr`` serves
the same pages beside the crawls. Layers: ``queries`` reads rows into plain
dataclasses, ``views`` turns them into page contexts and JSON documents,
``feeds`` writes Atom, ``app`` routes WSGI requests (auth, negotiation,
headers) and ``server`` binds a threaded stdlib server. The templates and the
one stylesheet are shared with the HTML diff report and the alert e-mail
(``monitor.render.templating``), so the three look alike.
"""
