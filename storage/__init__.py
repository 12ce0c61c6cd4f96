"""What noticewatch remembers: targets, raw snapshots, versions, changes, fetches, incidents, alerts.

``storage.db`` opens the database (SQLite by default, PostgreSQL for deployments)
and migrates it; ``storage.models`` holds the tables; ``storage.repo`` the
queries, as plain functions over a Session whose transaction the caller owns;
``storage.blobs`` hashes and compresses raw bodies. Nothing is imported here, so
``import storage.blobs`` stays cheap.
"""
