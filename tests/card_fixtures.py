"""A hand-made card for the renderer and alert tests: a new AI-training purpose with an opt-out."""

from __future__ import annotations

from monitor.model import Card


def ai_training_card(evidence: str, headline: str) -> Card:
    """The card of a new purpose, training AI models, on legitimate interests, with an opt-out."""
    return Card(
        kind="purpose",
        status="added",
        subject="purpose.ai_training",
        bases_new=("basis.legitimate_interests",),
        data_added=("data.profile", "data.content"),
        data_now=("data.profile", "data.content"),
        controls_new=("control.opt_out",),
        headline=headline,
        new_evidence=(evidence,),
        importance=190,
        covers=("purpose.ai_training", "basis.legitimate_interests>purpose.ai_training"),
    )
