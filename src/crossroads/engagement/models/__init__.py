"""The engagement app's models: the yearly surveys of a network's members and the
campaigns cities sign and the pledges made at forums, each in a module of its own."""

from crossroads.engagement.models.campaigns import (
    LIVE_STATUSES,
    Campaign,
    CampaignAsk,
    CampaignType,
    Signature,
    SignatureStatus,
)
from crossroads.engagement.models.pledges import (
    TRANSITIONS,
    Pledge,
    PledgeMatch,
    Pledger,
    PledgeType,
    PledgeUpdate,
    Progress,
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
    "TRANSITIONS",
    "Answer",
    "Campaign",
    "CampaignAsk",
    "CampaignType",
    "Choice",
    "Invitation",
    "Pledge",
    "PledgeMatch",
    "PledgeType",
    "PledgeUpdate",
    "Pledger",
    "Progress",
    "Question",
    "QuestionKind",
    "Response",
    "ResponseStatus",
    "Section",
    "Signature",
    "SignatureStatus",
    "Survey",
]
