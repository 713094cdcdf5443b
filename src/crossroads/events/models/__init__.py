"""The events app's models: events and their programme, and registrations."""

from crossroads.events.models.programme import (
    AttendanceMode,
    DocumentRole,
    Event,
    EventDocument,
    EventType,
    Participant,
    ParticipantRole,
    ProgramStatus,
    RegistrationMode,
    Session,
    SessionKind,
)
from crossroads.events.models.registrations import Registration, RegistrationStatus

__all__ = [
    "AttendanceMode",
    "DocumentRole",
    "Event",
    "EventDocument",
    "EventType",
    "Participant",
    "ParticipantRole",
    "ProgramStatus",
    "Registration",
    "RegistrationMode",
    "RegistrationStatus",
    "Session",
    "SessionKind",
]
