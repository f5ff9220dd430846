"""Errors of the policy package (no Django here: callers turn them into user messages)."""

from __future__ import annotations


class PolicyError(ValueError):
    """A regime or an evaluation request that cannot be honoured, with a message for the user.

    Example: ``regime cn-2014 has no poverty line for 2031``.
    """
