"""Accounts: people who sign in, their profile, and the roles that let them edit."""
