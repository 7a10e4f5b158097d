"""The quote use case: JSON in, JSON out, for the CLI, the window and the county.

The engine's types a caller needs (the per-person answer, the request's and the policy
file's refusals, the policy in words) are re-exported here: the window and the CLI use
services, never ``desktop_app.policy`` directly.
"""

from __future__ import annotations

from typing import Any

from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.quote_json import quote_to_json
from desktop_app.policy.request import RequestError, parse_request
from desktop_app.policy.summary import summarize
from desktop_app.services.policies import PolicyCatalogue, PolicyFileError, UnknownPolicyError

__all__ = ["PersonQuote", "PolicyFileError", "RequestError", "UnknownPolicyError", "quote_json", "summarize"]


def quote_json(catalogue: PolicyCatalogue, data: Any) -> dict[str, Any]:
    """Raise RequestError naming the field for any bad input, unknown policy included."""
    request = parse_request(data)
    try:
        loaded = catalogue.load(request.policy)
    except UnknownPolicyError as e:
        raise RequestError("policy", str(e)) from None
    return quote_to_json(quote(loaded.policy, request))
