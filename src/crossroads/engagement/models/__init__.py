"""The engagement app's models: for now the yearly surveys of a network's members
(campaigns and pledges will join them, each in a module of its own)."""

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
    "Answer",
    "Choice",
    "Invitation",
    "Question",
    "QuestionKind",
    "Response",
    "ResponseStatus",
    "Section",
    "Survey",
]
