"""Registry of everything the platform holds about a person.

Each app that stores personal data registers, in its AppConfig.ready():

    from lms.people import personal_data
    personal_data.register(name="enrolments", exporter=..., anonymiser=...)

``exporter(user) -> dict | list`` returns JSON-serialisable data (dates and decimals
are fine) for the "download my data" file, under the key ``name``. ``anonymiser(user)
-> None`` removes or blanks the personal data while keeping what aggregate reports need;
it runs inside the account-deletion transaction, so raising aborts the whole deletion.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

Exporter = Callable[[AbstractBaseUser], dict | list]
Anonymiser = Callable[[AbstractBaseUser], None]


@dataclass(frozen=True)
class Registration:
    name: str
    exporter: Exporter
    anonymiser: Anonymiser


_registry: dict[str, Registration] = {}


def register(*, name: str, exporter: Exporter, anonymiser: Anonymiser) -> None:
    """Add a part of the personal data. Registering the same name twice with other
    functions is a programming error (two apps would overwrite each other's export)."""
    registration = Registration(name=name, exporter=exporter, anonymiser=anonymiser)
    existing = _registry.get(name)
    if existing is not None and existing != registration:
        raise ValueError(f"Personal data part {name!r} is already registered.")
    _registry[name] = registration


def registrations() -> list[Registration]:
    return list(_registry.values())


def export_all(user: AbstractBaseUser) -> dict[str, Any]:
    return {registration.name: registration.exporter(user) for registration in _registry.values()}


def anonymise_all(user: AbstractBaseUser) -> None:
    for registration in _registry.values():
        registration.anonymiser(user)
