"""Old name of ``alert_fixtures`` (no tests here), kept while ``test_alerts_message.py`` imports it."""

from alert_fixtures import (  # noqa: F401
    AI_TRAINING,
    ANNOUNCEMENT,
    POSTS,
    SECTION,
    make_target,
    one_hunk_diff,
    record_change,
)
