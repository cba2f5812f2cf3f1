"""The one place that says whether an organisation has completed the placement guide.

Slot submission asks this; the guide (portal/guide) records completion on the organisation.
"""


def guide_completed(organisation):
    try:
        from .guide.progress import guide_completed as completed_per_guide
    except ImportError:  # the guide area is not installed
        return organisation.guide_completed_at is not None
    return completed_per_guide(organisation)
