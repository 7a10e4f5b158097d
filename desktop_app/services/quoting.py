"""The quote use case: JSON in, JSON out, for the CLI, the window and the county."""

from __future__ import annotations

from typing import Any

from desktop_app.policy.engine import quote
from desktop_app.policy.quote_json import quote_to_json
from desktop_app.policy.request import RequestError, parse_request
from desktop_app.services.policies import PolicyCatalogue, UnknownPolicyError


def quote_json(catalogue: PolicyCatalogue, data: Any) -> dict[str, Any]:
    """Raise RequestError naming the field for any bad input, unknown policy included."""
    request = parse_request(data)
    try:
        loaded = catalogue.load(request.policy)
    except UnknownPolicyError as e:
        raise RequestError("policy", str(e)) from None
    return quote_to_json(quote(loaded.policy, request))
