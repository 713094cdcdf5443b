"""Events, their programme (sessions and participants) and documents."""
