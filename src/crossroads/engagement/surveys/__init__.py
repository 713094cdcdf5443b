"""Surveys: the questionnaire, invitations, answering by a signed link, and results."""
