"""Schemathesis hooks (SCHEMATHESIS_HOOKS=schemathesis_known_values): values that exist.

Random ids find only 404s and random category ids only "unknown category" 422s, so a
conformance run would never see the 2xx answers, whose bodies are what the documents promise.
The test that starts schemathesis knows ids that exist (categories and products it created) and
passes them in the file SHOP_SCHEMATHESIS_KNOWN_VALUES_FILE names, a JSON object:

    {"category_id": ["<uuid>", ...],                  any operation
     "/api/products/{id}": {"id": ["<uuid>", ...]}}   only the operation(s) of this path

A key names a path parameter, a query parameter or a top-level property of a JSON body. For
each of those three parts of a request, half of the generated examples (hypothesis chooses,
derandomized when the run is) keep what the schema generated and half take known values
instead, so the error paths stay covered as well.
"""

import json
import os

import schemathesis
from hypothesis import strategies as st

def _load_known():
    path = os.environ.get("SHOP_SCHEMATHESIS_KNOWN_VALUES_FILE")
    if not path:
        return {}
    with open(path, encoding="utf-8") as file:
        return json.load(file)


_KNOWN = _load_known()


def _known_for(path):
    known = {name: values for name, values in _KNOWN.items() if not name.startswith("/")}
    known.update(_KNOWN.get(path, {}))
    return known


def _with_known(context, strategy):
    known = _known_for(context.operation.path)

    def substitute(value):
        if not isinstance(value, dict) or not any(name in known for name in value):
            return st.just(value)
        return st.fixed_dictionaries(
            {
                name: st.sampled_from(known[name]) if name in known else st.just(item)
                for name, item in value.items()
            }
        )

    if not known:
        return strategy
    return st.one_of(strategy, strategy.flatmap(substitute))


@schemathesis.hook
def before_generate_path_parameters(context, strategy):
    return _with_known(context, strategy)


@schemathesis.hook
def before_generate_query(context, strategy):
    return _with_known(context, strategy)


@schemathesis.hook
def before_generate_body(context, strategy):
    return _with_known(context, strategy)
