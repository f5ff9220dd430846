"""The password hasher of the test run: Django's PBKDF2 with few iterations.

Production hashes with PBKDF2 at Django's default cost (about half a second a password on
this project's machines); the suite creates and logs in hundreds of users, so it uses the same
algorithm and the same hash format at a cost of a millisecond. tests/test_passwords.py checks
the production hashers themselves."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
