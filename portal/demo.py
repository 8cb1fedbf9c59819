"""Demo data that domain apps add to `manage.py seed_demo`.

portal imports no domain app, so each app registers a seeder from its AppConfig.ready(). After
seed_demo has made the demo organisations and people, it calls every seeder inside the same
transaction with them; a seeder is idempotent (it leaves what exists alone) and returns lines
to print about what is there.
"""

from dataclasses import dataclass

_seeders = []


@dataclass(frozen=True)
class DemoWorld:
    staff: object  # the demo staff member, who makes what staff would
    people: dict  # e-mail -> User, every demo person seed_demo made
    organisations: dict  # organisation name -> Organisation


def register(seeder):
    """Add `seeder(world) -> list of lines` to what seed_demo runs (once per seeder)."""
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def seeders():
    return list(_seeders)
