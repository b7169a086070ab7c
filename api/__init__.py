"""The desk's JSON API under /api/ (django-ninja): typed schemas, OpenAPI 3 from them.

Its own package, beside the pages (claims/views/), because it is another way in to
the same desk rather than part of one area: it reads through the claims' QuerySet
methods and search functions, writes through their forms and services, and asks
claims.permissions as the pages do. It has no models of its own (tokens are the
users', in accounts). `main` is the API, `problems` its errors (RFC 9457), `auth`
its tokens and throttle, `schemas` what it reads and writes, `rows` its queries, and
`claims`, `review` and `sources` its endpoints.
"""
