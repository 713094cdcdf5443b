"""The engagement app's models: the yearly surveys of a network's members and the
campaigns cities sign (pledges will join them, each in a module of its own)."""

from crossroads.engagement.models.campaigns import (
    LIVE_STATUSES,
    Campaign,
    CampaignAsk,
    CampaignType,
    Signature,
    SignatureStatus,
)
from crossroads.engagement.models.surveys import (
    Answer,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Section,
    Survey,
)

__all__ = [
    "LIVE_STATUSES",
    "Answer",
    "Campaign",
    "CampaignAsk",
    "CampaignType",
    "Choice",
    "Invitation",
    "Question",
    "QuestionKind",
    "Response",
    "ResponseStatus",
    "Section",
    "Signature",
    "SignatureStatus",
    "Survey",
]
